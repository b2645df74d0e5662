// The JSON the Companies and Contacts pages read from the API at /app/api (API.md shapes, the fields used).
import type { Pages } from "../types";

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

export interface ContactRecord {
  type: "contact";
  id: string;
  external_id: string | null;
  email: string | null;
  name: string | null;
  role: "user" | "lead";
  created_at: number;
  companies: { data: Array<{ type: "company"; id: string; role?: "member" | "manager" }> };
}

export interface ContactList {
  type: "list";
  data: ContactRecord[];
  total_count: number;
  pages?: Pages;
}
