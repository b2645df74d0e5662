// PLACEHOLDER for the Companies, Contacts and Settings sections, which another change fills in:
// replace the route's `render` in routes.tsx with the real page and delete this file when none use it.
export function ComingSoon({ section }: { section: string }) {
  return (
    <section>
      <h1 tabIndex={-1}>{section}</h1>
      <p className="notice">The {section} pages are coming soon.</p>
    </section>
  );
}
