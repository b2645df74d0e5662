// The line under a form that says whether saving worked: an alert on failure, a polite status otherwise.
import type { SaveStatus } from "./useSaved";

export function StatusLine({ status }: { status: SaveStatus }) {
  if (status.kind === "error") {
    return (
      <p role="alert" className="notice notice--error">
        {status.message}
      </p>
    );
  }
  return (
    <p role="status" className="muted">
      {status.message}
    </p>
  );
}
