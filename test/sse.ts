// A minimal Server-Sent Events client for tests: reads a stream, parses events, waits for matches.
export interface SseEvent {
  id: string | null;
  event: string;
  data: unknown;
}

export interface SseStream {
  readonly status: number;
  readonly events: SseEvent[];
  /** The next event (after those already consumed by earlier calls) that matches, or a timeout error. */
  next(match?: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  let cursor = 0;
  const waiters = new Set<() => void>();
  if (response.ok && response.body) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const lines = block.split("\n").filter((l) => l !== "" && !l.startsWith(":"));
            const field = (name: string) =>
              lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? null;
            const event = field("event");
            const data = field("data");
            if (event === null || data === null) continue;
            events.push({ id: field("id"), event, data: JSON.parse(data) });
            for (const wake of waiters) wake();
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return {
    status: response.status,
    events,
    async next(match = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (cursor < events.length) {
          const candidate = events[cursor++]!;
          if (match(candidate)) return candidate;
        }
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(
            `no matching SSE event within ${timeoutMs} ms; got: ${JSON.stringify(events.map((e) => e.event))}`,
          );
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, left);
          waiters.add(wake);
        });
      }
    },
    close: () => controller.abort(),
  };
}
