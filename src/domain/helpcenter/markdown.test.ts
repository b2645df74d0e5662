// Article Markdown renders to inert HTML: author HTML is escaped, script-bearing URLs are refused.
import { describe, expect, it } from "vitest";
import { isSafeImageUrl, isSafeLinkUrl, renderMarkdown } from "./markdown.ts";

/** Whatever the input, the output must carry no element or attribute that can run script. */
function expectInert(html: string) {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<(iframe|object|embed|svg|style|form|input|math)/i);
  expect(html).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/(href|src)\s*=\s*"\s*(javascript|vbscript|data|file):/i);
}

describe("renderMarkdown", () => {
  it("renders ordinary Markdown", () => {
    expect(renderMarkdown("# Billing\n\nSee [plans](https://example.com/plans) and **save**.")).toBe(
      '<h1>Billing</h1>\n<p>See <a href="https://example.com/plans" rel="nofollow noopener noreferrer">plans</a> and <strong>save</strong>.</p>\n',
    );
    expect(renderMarkdown("[FAQ](/help/faq) [top](#top) [mail](mailto:help@example.com)")).toBe(
      '<p><a href="/help/faq">FAQ</a> <a href="#top">top</a> <a href="mailto:help@example.com" rel="nofollow noopener noreferrer">mail</a></p>\n',
    );
    expect(renderMarkdown("![logo](https://cdn.example.com/logo.png)")).toBe(
      '<p><img src="https://cdn.example.com/logo.png" alt="logo"></p>\n',
    );
  });

  it("escapes raw HTML, script tags and event handlers", () => {
    const cases = [
      "<script>alert(1)</script>",
      '<img src="x" onerror="alert(1)">',
      '<a href="javascript:alert(1)">x</a>',
      "<iframe src=https://evil.example></iframe>",
      "<svg onload=alert(1)>",
      '<div style="background:url(javascript:alert(1))">x</div>',
      "Hello <b onclick=alert(1)>there</b>",
    ];
    for (const markdown of cases) {
      const html = renderMarkdown(markdown);
      expectInert(html);
      expect(html).toContain("&lt;");
    }
    expect(renderMarkdown("<script>alert(1)</script>")).toBe(
      "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n",
    );
  });

  it("refuses javascript:, data: and other schemes in links, autolinks, references and images", () => {
    const cases = [
      "[x](javascript:alert(1))",
      "[x](JaVaScRiPt:alert(1))",
      "[x](java&#x09;script:alert(1))",
      "[x](&#106;avascript:alert(1))",
      "[x]( javascript:alert(1))",
      "[x](<javascript:alert(1)>)",
      "[x](vbscript:msgbox(1))",
      "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      "[x](file:///etc/passwd)",
      "<javascript:alert(1)>",
      "[x][r]\n\n[r]: javascript:alert(1)",
      "![x](javascript:alert(1))",
      "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
      '![x](https://example.com/a.png "t" onerror=alert(1))',
    ];
    for (const markdown of cases) {
      const html = renderMarkdown(markdown);
      expectInert(html);
      expect(html).not.toMatch(/<a |<img /);
    }
  });

  it("shows images only from http(s) URLs, their alt text otherwise", () => {
    expect(renderMarkdown("![diagram](/files/diagram.png)")).toBe("<p>diagram</p>\n");
    expect(renderMarkdown("![<b>x</b>](//cdn.example.com/x.png)")).toBe("<p>&lt;b&gt;x&lt;/b&gt;</p>\n");
  });

  it("classifies URLs by the scheme a browser would see", () => {
    expect(isSafeLinkUrl("https://example.com")).toBe(true);
    expect(isSafeLinkUrl("relative/path?q=a:b")).toBe(true);
    expect(isSafeLinkUrl("java\nscript:alert(1)")).toBe(false);
    expect(isSafeLinkUrl("\u0001javascript:alert(1)")).toBe(false);
    expect(isSafeImageUrl("http://example.com/a.png")).toBe(true);
    expect(isSafeImageUrl("/a.png")).toBe(false);
  });
});
