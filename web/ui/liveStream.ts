// An EventSource that comes back. The browser reconnects by itself after a dropped stream, but gives up
// for good when a reconnect is answered with anything but 200 (a 503 while the server's database is
// away, a restart behind a proxy): then this opens a new one, with backoff, from the current resume point.
export interface LiveStream {
  close(): void;
}

export function openLiveStream(url: () => string, wire: (source: EventSource) => void): LiveStream {
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let closed = false;
  const open = () => {
    if (closed) return;
    const current = new EventSource(url());
    source = current;
    wire(current);
    current.addEventListener("open", () => (failures = 0));
    current.addEventListener("error", () => {
      if (current.readyState !== EventSource.CLOSED || closed) return;
      failures++;
      timer = setTimeout(open, Math.min(30_000, 1000 * 2 ** Math.min(failures, 5)));
    });
  };
  open();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      source?.close();
    },
  };
}
