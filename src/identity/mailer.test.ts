// Outgoing e-mail: over SMTP to a real (tiny, local) SMTP server when configured, else to the log.
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createMailer } from "./mailer.ts";

/** Just enough SMTP to accept one message: what nodemailer speaks when no TLS or AUTH is offered. */
function smtpServer(received: string[]): Promise<Server> {
  const server = createServer((socket) => {
    let inData = false;
    let buffer = "";
    socket.write("220 test ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let index: number;
      while ((index = inData ? buffer.indexOf("\r\n.\r\n") : buffer.indexOf("\r\n")) >= 0) {
        if (inData) {
          received.push(buffer.slice(0, index));
          buffer = buffer.slice(index + 5);
          inData = false;
          socket.write("250 queued\r\n");
          continue;
        }
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") socket.write("250 test\r\n");
        else if (verb === "DATA") {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else if (verb === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("mailer", () => {
  let server: Server | undefined;
  afterAll(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

  it("sends through SMTP_URL", async () => {
    const received: string[] = [];
    server = await smtpServer(received);
    const port = (server.address() as AddressInfo).port;
    const mailer = createMailer(
      { smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: "Portico <no-reply@portico.test>" },
      { warn: () => {} },
    );
    await mailer.send({
      to: "pat@example.com",
      subject: "Sign in",
      text: "https://help.acme.com/sso/link?token=abc",
    });
    expect(received).toHaveLength(1);
    expect(received[0]).toContain("To: pat@example.com");
    expect(received[0]).toContain("From: Portico <no-reply@portico.test>");
    expect(received[0]).toContain("https://help.acme.com/sso/link?token=abc");
  });

  it("writes the message to the server log when no SMTP is configured", async () => {
    const logged: Array<Record<string, unknown>> = [];
    const mailer = createMailer(
      { smtpUrl: null, mailFrom: "x@y.z" },
      { warn: (object) => logged.push(object) },
    );
    await mailer.send({ to: "pat@example.com", subject: "Sign in", text: "the link" });
    expect(logged).toEqual([{ mail: { to: "pat@example.com", subject: "Sign in", text: "the link" } }]);
  });
});
