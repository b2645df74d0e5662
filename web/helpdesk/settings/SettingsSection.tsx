// A settings page that shows one query's data: its heading, then loading or the error in words until the
// data is there, then what `children` makes of it.
import type { ReactNode } from "react";
import { QueryStatus } from "../directory/bits";

export function SettingsSection<T>({
  titleId,
  title,
  query,
  what,
  children,
}: {
  titleId: string;
  title: string;
  query: { data: T | undefined; isPending: boolean; error: unknown };
  /** The settings in a sentence, e.g. "the portal settings". */
  what: string;
  children: (data: T) => ReactNode;
}) {
  return (
    <section aria-labelledby={titleId}>
      <h1 id={titleId} tabIndex={-1}>
        {title}
      </h1>
      {!query.data ? (
        <QueryStatus isPending={query.isPending} error={query.error} what={what} />
      ) : (
        children(query.data)
      )}
    </section>
  );
}
