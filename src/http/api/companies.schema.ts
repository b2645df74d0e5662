// Request schemas of the company endpoints.
import { Type } from "typebox";

const companyFields = {
  name: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
  plan: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
  size: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
  website: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
  industry: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
  monthly_spend: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  custom_attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  remote_created_at: Type.Optional(Type.Integer()),
  portal_member_visibility: Type.Optional(
    Type.Union([Type.Literal("all"), Type.Literal("participating"), Type.Null()]),
  ),
};

export const createCompanyBody = Type.Object({
  company_id: Type.Optional(Type.String({ maxLength: 255 })),
  ...companyFields,
});
export const updateCompanyBody = Type.Object(companyFields);
export const companyParams = Type.Object({ id: Type.String() });
export const listCompaniesQuery = Type.Object({
  company_id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  per_page: Type.Optional(Type.Integer()),
  starting_after: Type.Optional(Type.String()),
});
