// Finding something to link by typing words of it: the search field, what matches as buttons, "no match"
// in words, and the link's error. Linking clears the field and announces what `link` answers.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useId, useState } from "react";
import { useAnnounce } from "../ui/announcer";
import { errorMessage } from "./api";
import { ErrorText } from "./bits";

export function LinkSearch<T extends { id: string }>({
  label,
  placeholder,
  noMatch,
  queryKey,
  search,
  keep = () => true,
  buttonLabel,
  link,
  alwaysList = false,
}: {
  label: string;
  placeholder: string;
  noMatch: string;
  /** The candidates' query key; the typed words are added at its end. */
  queryKey: readonly unknown[];
  search: (words: string) => Promise<T[]>;
  /** Which of the candidates may be linked. */
  keep?: (candidate: T) => boolean;
  buttonLabel: (candidate: T) => string;
  /** Links the candidate with this id and answers the words to announce. */
  link: (id: string) => Promise<string>;
  /** Keep the (empty) list in the page even when nothing matches. */
  alwaysList?: boolean;
}) {
  const announce = useAnnounce();
  const [text, setText] = useState("");
  const deferred = useDeferredValue(text.trim());
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const candidates = useQuery({
    queryKey: [...queryKey, deferred],
    enabled: deferred.length > 0,
    queryFn: () => search(deferred),
  });
  const mutation = useMutation({
    mutationFn: link,
    onSuccess: (message) => {
      setText("");
      setError(null);
      announce(message);
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const results = (candidates.data ?? []).filter(keep);
  return (
    <>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type="search"
          placeholder={placeholder}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      {deferred && candidates.isSuccess && results.length === 0 ? <p className="muted">{noMatch}</p> : null}
      {alwaysList || results.length > 0 ? (
        <ul className="plain-list">
          {results.map((candidate) => (
            <li key={candidate.id}>
              <button
                type="button"
                className="button button--quiet"
                disabled={mutation.isPending}
                onClick={() => mutation.mutate(candidate.id)}
              >
                {buttonLabel(candidate)}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorText message={error} />
    </>
  );
}
