// The shape of the benchmark dataset at a given scale: which workspaces, how many rows of each kind,
// and the designated viewers and companies the benchmarks read through.

/** A viewer the benchmarks sign in as; their companies' ticket counts do not depend on the workspace's size. */
export interface ViewerPlan {
  key: "viewer1" | "viewer3" | "viewer20" | "participant";
  /** Companies the viewer is a member of (role member, which sees all of a company's tickets by default). */
  companies: number;
  /** Tickets of each of those companies. */
  ticketsPerCompany: number;
  /** Tickets of other people's the viewer takes part in (the participant branch of the portal list). */
  participantTickets: number;
}

export interface WorkspacePlan {
  /** Stable name of the workspace in the manifest: main, tenk, onecompany, extra-01... */
  key: string;
  name: string;
  companies: number;
  contacts: number;
  tickets: number;
  conversations: number;
  teammates: number;
  viewers: ViewerPlan[];
  /** Members of one company whose portal sessions the SSE benchmarks open (0: none). */
  audienceMembers: number;
  /** All tickets belong to one company (the "smaller workspace" case of issue 12). */
  singleCompany: boolean;
}

export interface DatasetPlan {
  scale: number;
  seed: string;
  workspaces: WorkspacePlan[];
}

export const SCALES = [1, 0.1, 0.01, 0.002] as const;

const at = (n: number, scale: number, min: number) => Math.max(min, Math.round(n * scale));

/**
 * Scale 1 is the dataset of issue 12: 10k companies, 100k contacts (20% in 2-20 companies), 1M tickets,
 * 200k conversations and 50 small workspaces; beside it a 10k-ticket workspace of the same shape (the
 * "10k vs 1M" comparison) and a workspace of 20k tickets of one company whose viewer takes part in 10k.
 */
export function datasetPlan(scale: number, seed = "portico-bench"): DatasetPlan {
  if (!(scale > 0 && scale <= 1)) throw new Error(`--scale must be in (0, 1], got ${scale}`);
  const viewers = (): ViewerPlan[] => [
    { key: "viewer1", companies: 1, ticketsPerCompany: at(400, scale, 8), participantTickets: 0 },
    { key: "viewer3", companies: 3, ticketsPerCompany: at(200, scale, 6), participantTickets: 0 },
    { key: "viewer20", companies: 20, ticketsPerCompany: at(100, scale, 3), participantTickets: 0 },
    {
      key: "participant",
      companies: 1,
      ticketsPerCompany: at(100, scale, 3),
      participantTickets: at(10_000, scale, 20),
    },
  ];
  const main: WorkspacePlan = {
    key: "main",
    name: "Bench Main",
    companies: at(10_000, scale, 40),
    contacts: at(100_000, scale, 400),
    tickets: at(1_000_000, scale, 2_000),
    conversations: at(200_000, scale, 400),
    teammates: at(50, scale, 4),
    viewers: viewers(),
    audienceMembers: 1000,
    singleCompany: false,
  };
  const tenk: WorkspacePlan = {
    key: "tenk",
    name: "Bench 10k",
    companies: at(100, scale, 30),
    contacts: at(1_000, scale, 120),
    tickets: at(10_000, scale, 400),
    conversations: at(2_000, scale, 40),
    teammates: at(10, scale, 2),
    viewers: viewers().filter((v) => v.key !== "participant"),
    audienceMembers: 0,
    singleCompany: false,
  };
  const onecompany: WorkspacePlan = {
    key: "onecompany",
    name: "Bench One Company",
    companies: 1,
    contacts: at(500, scale, 20),
    tickets: at(20_000, scale, 40),
    conversations: at(1_000, scale, 10),
    teammates: at(5, scale, 2),
    viewers: [
      { key: "participant", companies: 1, ticketsPerCompany: 0, participantTickets: at(10_000, scale, 20) },
    ],
    audienceMembers: 0,
    singleCompany: true,
  };
  const extraCount = Math.max(3, Math.round(50 * Math.sqrt(scale)));
  const extraSize = Math.min(1, Math.sqrt(scale));
  const extras: WorkspacePlan[] = Array.from({ length: extraCount }, (_, i) => ({
    key: `extra-${String(i + 1).padStart(2, "0")}`,
    name: `Bench Extra ${i + 1}`,
    companies: Math.max(2, Math.round(20 * extraSize)),
    contacts: Math.max(10, Math.round(200 * extraSize)),
    tickets: Math.max(30, Math.round(500 * extraSize)),
    conversations: Math.max(5, Math.round(100 * extraSize)),
    teammates: 2,
    viewers: [],
    audienceMembers: 0,
    singleCompany: false,
  }));
  return { scale, seed, workspaces: [main, tenk, onecompany, ...extras] };
}
