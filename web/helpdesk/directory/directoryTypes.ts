// The JSON the Companies and Contacts pages read from the API at /app/api (API.md shapes, the fields used).
import type { Contact, Pages } from "../types";

export interface CompanyRecord {
  type: "company";
  id: string;
  company_id: string | null;
  name: string | null;
  plan: { name: string } | null;
  size: number | null;
  website: string | null;
  industry: string | null;
  monthly_spend: number;
  user_count: number;
  created_at: number;
}

export interface CompanyList {
  type: "list";
  data: CompanyRecord[];
  total_count?: number;
  pages?: Pages;
}

/** A contact as its own page reads it: when it was created, and its role in each company. */
export interface ContactRecord extends Omit<Contact, "companies"> {
  created_at: number;
  companies: { data: Array<{ type: "company"; id: string; role?: "member" | "manager" }> };
}

export interface ContactList {
  type: "list";
  data: ContactRecord[];
  total_count: number;
  pages?: Pages;
}
