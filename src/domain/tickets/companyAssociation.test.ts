// Rule 3 as a pure function.
import { describe, expect, it } from "vitest";
import { associateCompany, UNSET } from "./companyAssociation.ts";

describe("associateCompany", () => {
  it("selects the only choice", () => {
    expect(associateCompany(["a"], UNSET)).toEqual({ companyId: "a", chosenByPerson: false });
  });
  it("gives No company for several choices or none", () => {
    expect(associateCompany(["a", "b"], UNSET)).toEqual(UNSET);
    expect(associateCompany([], UNSET)).toEqual(UNSET);
  });
  it("keeps a person's pick while it is still a choice, including No company", () => {
    expect(associateCompany(["a", "b"], { companyId: "b", chosenByPerson: true })).toEqual({
      companyId: "b",
      chosenByPerson: true,
    });
    expect(associateCompany(["a"], { companyId: null, chosenByPerson: true })).toEqual({
      companyId: null,
      chosenByPerson: true,
    });
  });
  it("falls back to the automatic rule when a person's pick is no longer a choice", () => {
    expect(associateCompany(["c"], { companyId: "b", chosenByPerson: true })).toEqual({
      companyId: "c",
      chosenByPerson: false,
    });
    expect(associateCompany(["c", "d"], { companyId: "b", chosenByPerson: true })).toEqual(UNSET);
  });
  it("re-applies the automatic rule when the choices change", () => {
    expect(associateCompany(["a", "b"], { companyId: "a", chosenByPerson: false })).toEqual(UNSET);
    expect(associateCompany(["b"], { companyId: "a", chosenByPerson: false })).toEqual({
      companyId: "b",
      chosenByPerson: false,
    });
  });
});
