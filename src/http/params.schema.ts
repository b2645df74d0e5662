// Path and query pieces every surface reads the same way: a ticket's human number.
import { Type } from "typebox";

/** The largest ticket number a ticket can have (the column is a 32-bit integer). */
export const MAX_TICKET_NUMBER = 2_147_483_647;

/**
 * A ticket number as people write it: digits only, no sign, no leading zero, no exponent or hex, so
 * "1.0", "+1", "0x1" and "1e0" name no ticket instead of ticket 1.
 */
export const ticketNumber = Type.String({ pattern: "^[1-9][0-9]{0,15}$" });

/** The number a path names; beyond the column's range no ticket has it (0 finds nothing). */
export function ticketNumberOf(raw: string): number {
  const value = Number(raw);
  return value <= MAX_TICKET_NUMBER ? value : 0;
}
