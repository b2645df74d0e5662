// A form's save status in plain words, announced to screen readers, cleared on the next edit.
import { useState } from "react";
import { ApiError } from "../../ui/http";
import { errorMessage } from "../api";

/** On failure, `reasons` holds every reason the server gave (the portal's unmet prerequisites, say). */
export type SaveStatus = {
  kind: "idle" | "busy" | "saved" | "error";
  message: string;
  reasons?: readonly string[];
};

export function useSaveStatus() {
  const [status, setStatus] = useState<SaveStatus>({ kind: "idle", message: "" });
  async function run<T>(work: () => Promise<T>, savedMessage: string): Promise<T | undefined> {
    setStatus({ kind: "busy", message: "Saving…" });
    try {
      const result = await work();
      setStatus({ kind: "saved", message: savedMessage });
      return result;
    } catch (error) {
      setStatus({
        kind: "error",
        message: errorMessage(error),
        reasons: error instanceof ApiError ? error.messages : undefined,
      });
      return undefined;
    }
  }
  return { status, run, reset: () => setStatus({ kind: "idle", message: "" }) };
}
