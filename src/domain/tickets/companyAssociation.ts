// DESIGN.md rule 3: which company a ticket belongs to, given its participants' companies.

export interface CompanyAssociation {
  companyId: string | null;
  /** True once a person picked the company (including "No company"); automatic choice stops then. */
  chosenByPerson: boolean;
}

/**
 * The association after the choices may have changed (create, participants changed, link, convert).
 * A person's pick stays while it is still a choice; otherwise exactly one choice is selected
 * automatically, and several (or none) mean "No company" until someone chooses.
 */
export function associateCompany(
  choices: readonly string[],
  current: CompanyAssociation,
): CompanyAssociation {
  if (current.chosenByPerson && (current.companyId === null || choices.includes(current.companyId))) {
    return current;
  }
  return { companyId: choices.length === 1 ? choices[0]! : null, chosenByPerson: false };
}

export const UNSET: CompanyAssociation = { companyId: null, chosenByPerson: false };
