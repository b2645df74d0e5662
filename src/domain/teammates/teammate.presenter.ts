// The teammate as the Help Desk sees itself: no password hash, no internals.
import type { Teammate, Workspace } from "../../db/schema.ts";

export function presentTeammate(teammate: Teammate, workspace: Workspace) {
  return {
    type: "admin" as const,
    id: teammate.id,
    email: teammate.email,
    name: teammate.name,
    role: teammate.role,
    workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
  };
}
