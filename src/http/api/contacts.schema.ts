// Request schemas of the contact endpoints.
import { Type } from "typebox";

const nullableString = (maxLength = 255) =>
  Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()]));

export const contactBody = Type.Object({
  role: Type.Optional(Type.Union([Type.Literal("user"), Type.Literal("lead")])),
  external_id: nullableString(),
  email: nullableString(254),
  name: nullableString(),
  custom_attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export const contactParams = Type.Object({ id: Type.String() });
export const externalIdParams = Type.Object({ external_id: Type.String() });
export const attachCompanyBody = Type.Object({
  id: Type.String({ minLength: 1 }),
  role: Type.Optional(Type.Union([Type.Literal("member"), Type.Literal("manager")])),
});
export const membershipParams = Type.Object({ id: Type.String(), company_id: Type.String() });
