// The one layout every message shares: the store's name, the message, and a footer saying why it
// was sent. Inline styles only (mail clients ignore stylesheets); every link is absolute.
import { Body } from "@react-email/body";
import { Button } from "@react-email/button";
import { Container } from "@react-email/container";
import { Head } from "@react-email/head";
import { Heading } from "@react-email/heading";
import { Hr } from "@react-email/hr";
import { Html } from "@react-email/html";
import { Link } from "@react-email/link";
import { Preview } from "@react-email/preview";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import type { ReactNode } from "react";

/** What every template knows about the store: its name and its public address (NEXTAUTH_URL). */
export type EmailContext = { storeName: string; baseUrl: string };

const colors = { text: "#0f172a", muted: "#475569", border: "#e2e8f0", accent: "#4f46e5", page: "#f8fafc" };

export function EmailLayout(props: { context: EmailContext; preview: string; title: string; footer: string; children: ReactNode }) {
  const { context } = props;
  return (
    <Html lang="en">
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={{ backgroundColor: colors.page, color: colors.text, fontFamily: "Helvetica, Arial, sans-serif", margin: 0, padding: "24px 0" }}>
        <Container style={{ backgroundColor: "#ffffff", border: `1px solid ${colors.border}`, borderRadius: 8, maxWidth: 560, padding: "24px 32px" }}>
          <Text style={{ fontSize: 14, fontWeight: 600, margin: 0 }}>
            <Link href={context.baseUrl} style={{ color: colors.text, textDecoration: "none" }}>
              {context.storeName}
            </Link>
          </Text>
          <Heading as="h1" style={{ fontSize: 22, fontWeight: 600, margin: "20px 0 8px" }}>
            {props.title}
          </Heading>
          {props.children}
          <Hr style={{ borderColor: colors.border, margin: "28px 0 12px" }} />
          <Text style={{ color: colors.muted, fontSize: 12, lineHeight: "18px", margin: 0 }}>
            {props.footer} {context.storeName} · <Link href={context.baseUrl} style={{ color: colors.muted }}>{context.baseUrl}</Link>
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={{ fontSize: 15, lineHeight: "22px", margin: "12px 0" }}>{children}</Text>;
}

export function Muted({ children }: { children: ReactNode }) {
  return <Text style={{ color: colors.muted, fontSize: 13, lineHeight: "20px", margin: "12px 0" }}>{children}</Text>;
}

/** The message's one call to action, with the address spelled out for clients that hide buttons. */
export function Action({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={{ margin: "20px 0" }}>
      <Button href={href} style={{ backgroundColor: colors.accent, borderRadius: 6, color: "#ffffff", fontSize: 15, fontWeight: 600, padding: "10px 18px" }}>
        {children}
      </Button>
      <Text style={{ color: colors.muted, fontSize: 12, lineHeight: "18px", margin: "10px 0 0", wordBreak: "break-all" }}>
        Or open this address: <Link href={href} style={{ color: colors.accent }}>{href}</Link>
      </Text>
    </Section>
  );
}

/** One key as a block: product, the key itself (monospace, easy to copy), sites and expiry. */
export function KeyBlock(props: { productName: string; licenseKey: string; sites: string; expiry: string; href: string }) {
  return (
    <Section style={{ border: `1px solid ${colors.border}`, borderRadius: 6, margin: "12px 0", padding: "12px 16px" }}>
      <Text style={{ fontSize: 15, fontWeight: 600, margin: 0 }}>{props.productName}</Text>
      <Text style={{ fontFamily: "Menlo, Consolas, monospace", fontSize: 15, margin: "6px 0" }}>{props.licenseKey}</Text>
      <Text style={{ color: colors.muted, fontSize: 13, margin: 0 }}>
        {props.sites} · {props.expiry} · <Link href={props.href} style={{ color: colors.accent }}>Manage this key</Link>
      </Text>
    </Section>
  );
}
