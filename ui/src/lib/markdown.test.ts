import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown";

describe("renderMarkdown", () => {
  it("renders GitHub-flavoured Markdown", () => {
    const html = renderMarkdown("## Take-away\n\n- **bold** and `code`\n\n[link](https://lwn.net/)");
    expect(html).toContain("<h2>Take-away</h2>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<code>code</code>");
    expect(html).toContain('<a href="https://lwn.net/">link</a>');
  });

  it("drops anything that could run or restyle the window", () => {
    const html = renderMarkdown(
      '<script>alert(1)</script><img src="x" onerror="alert(2)"><a href="javascript:alert(3)">x</a><p style="position:fixed">y</p><iframe src="https://evil.example"></iframe>',
    );
    expect(html).not.toMatch(/script|onerror|javascript:|style=|iframe/i);
    expect(html).toContain("<img");
  });
});
