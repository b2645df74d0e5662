// The API's company object (Intercom 2.14 shape).
import type { Company } from "../../db/schema.ts";
import { parseObject, seconds } from "../json.ts";

export function presentCompany(company: Company, userCount: number) {
  return {
    type: "company" as const,
    id: company.id,
    company_id: company.external_id,
    app_id: company.workspace_id,
    name: company.name,
    plan: company.plan === null ? null : { type: "plan" as const, id: company.plan, name: company.plan },
    size: company.size,
    website: company.website,
    industry: company.industry,
    monthly_spend: company.monthly_spend ?? 0,
    session_count: 0,
    user_count: userCount,
    custom_attributes: parseObject(company.attributes),
    tags: { type: "tag.list" as const, tags: [] },
    segments: { type: "segment.list" as const, segments: [] },
    created_at: seconds(company.created_at),
    updated_at: seconds(company.updated_at),
    remote_created_at: seconds(company.created_at),
    last_request_at: null,
    portal_member_visibility: company.portal_member_visibility,
  };
}
