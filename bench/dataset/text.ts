// Support-desk prose for the dataset: ticket titles, descriptions, replies and notes made of a fixed
// vocabulary whose words are Zipf-distributed, so text searches match a known share of the tickets.
import type { Random } from "./random.ts";
import { WeightedIndex, zipfWeights } from "./random.ts";

/** Product areas a ticket is about; the first are mentioned far more often than the last. */
export const FEATURES = [
  "login",
  "export",
  "invoice",
  "dashboard",
  "billing",
  "password",
  "notification",
  "report",
  "import",
  "integration",
  "webhook",
  "calendar",
  "upload",
  "search",
  "permission",
  "subscription",
  "checkout",
  "sync",
  "profile",
  "settings",
  "workflow",
  "template",
  "api",
  "mobile",
  "email",
  "sso",
  "analytics",
  "attachment",
  "timezone",
  "refund",
  "chart",
  "filter",
  "backup",
  "translation",
  "printer",
  "widget",
  "audit",
  "onboarding",
  "license",
  "plugin",
  "scheduler",
  "receipt",
  "shipping",
  "inventory",
  "coupon",
  "barcode",
  "geolocation",
  "signature",
  "watermark",
  "kiosk",
  "telemetry",
  "sandbox",
  "quota",
  "archive",
  "captcha",
  "firmware",
  "hologram",
  "ledger",
  "payroll",
  "voicemail",
] as const;

const PROBLEMS = [
  "fails",
  "is slow",
  "times out",
  "shows an error",
  "is missing",
  "looks wrong",
  "does not load",
  "stopped working",
  "returns duplicates",
  "is blank",
  "crashes",
  "keeps spinning",
  "is out of date",
  "rejects valid input",
  "logs me out",
  "sends twice",
  "ignores my changes",
];

const CONTEXTS = [
  "after the last update",
  "since this morning",
  "for some of our users",
  "on Safari",
  "on Android",
  "when I switch accounts",
  "for large files",
  "in the new editor",
  "for our European team",
  "on the first of the month",
  "with two-factor enabled",
  "from the admin console",
  "behind our proxy",
  "when the network is slow",
  "for accounts created before March",
];

const FILLER = [
  "We rely on this every day",
  "Several colleagues see the same thing",
  "I tried clearing the cache",
  "Restarting did not help",
  "It worked fine last week",
  "This blocks our month-end close",
  "Our customers noticed it first",
  "Screenshots are attached",
  "The error code was 502",
  "It happens roughly one time in three",
  "Nothing changed on our side",
  "Please advise on a workaround",
  "We are on the annual plan",
  "The problem started after we invited new users",
  "Our IT team checked the firewall",
  "We can reproduce it reliably",
];

const ADMIN_REPLIES = [
  "Thanks for reporting this, we are looking into it.",
  "Could you send us a screenshot of the error?",
  "We have reproduced the issue and our engineers are on it.",
  "A fix is rolling out today.",
  "Can you confirm which browser and version you use?",
  "This should now be resolved, please check again.",
  "We changed a setting on your account; it should work now.",
  "I have escalated this to our product team.",
  "Could you try again and tell us the exact time it failed?",
  "Thanks for your patience while we investigate.",
];

const USER_REPLIES = [
  "Here is the screenshot you asked for.",
  "We use Chrome 131 on Windows 11.",
  "It still happens for me.",
  "Thanks, that fixed it!",
  "It happened again at 9:14 this morning.",
  "Any update on this?",
  "Yes, I can confirm it works now.",
  "My colleague sees it too.",
  "Attaching the log file.",
  "We tried the workaround and it helps for now.",
];

const NOTES = [
  "Customer is on the enterprise plan, prioritise.",
  "Probably the same root cause as the known issue.",
  "Checked the logs: the request never reached the backend.",
  "Waiting on engineering for an estimate.",
  "Refund approved by finance.",
  "Linked to the tracker for this outage.",
  "Second report from this account.",
  "Needs a follow-up call next week.",
];

const CONVERSATION_OPENERS = [
  "Hi, I have a question about",
  "Hello! Quick question regarding",
  "Hey team, we are stuck with",
  "Good morning, something is off with",
  "Hi there, can you help me with",
];

export class Prose {
  private readonly features: WeightedIndex;

  constructor(private readonly random: Random) {
    this.features = new WeightedIndex(zipfWeights(FEATURES.length, 1.1));
  }

  feature(): string {
    return FEATURES[this.features.draw(this.random)]!;
  }

  /** A title and a description about one feature (and sometimes a second one in the description). */
  ticketText(): { title: string; description: string } {
    const r = this.random;
    const feature = this.feature();
    const title = `${capitalise(feature)} ${r.pick(PROBLEMS)} ${r.pick(CONTEXTS)}`;
    const sentences = [`The ${feature} ${r.pick(PROBLEMS)} ${r.pick(CONTEXTS)}.`];
    const extra = r.int(1, 4);
    for (let i = 0; i < extra; i++) sentences.push(`${r.pick(FILLER)}.`);
    if (r.chance(0.3)) sentences.push(`The ${this.feature()} might be related.`);
    return { title, description: sentences.join(" ") };
  }

  adminReply(): string {
    return this.random.pick(ADMIN_REPLIES);
  }

  userReply(): string {
    return this.random.pick(USER_REPLIES);
  }

  note(): string {
    return this.random.pick(NOTES);
  }

  conversationOpener(): string {
    const r = this.random;
    return `${r.pick(CONVERSATION_OPENERS)} the ${this.feature()}. ${r.pick(FILLER)}.`;
  }
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
