// The Messenger: how far each participant has read a conversation, for the unread badge.
import type { Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> by rule
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  // Unix ms of the newest part the contact has seen; null: nothing read yet.
  await db.schema.alterTable("conversation_participants").addColumn("last_read_at", "bigint").execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable("conversation_participants").dropColumn("last_read_at").execute();
}
