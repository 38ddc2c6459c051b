// Pure checks for the Team server section; the core and the server stay authoritative.

/** Why `raw` is not a server address the app can use, or null when it is. */
export function validateServerUrl(raw: string): string | null {
  const text = raw.trim();
  if (text.length === 0) return "Enter the server's address, such as https://sync.example.com.";
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "That is not a web address: start with http:// or https://.";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return "The address must start with http:// or https://.";
  }
  if (!url.hostname) return "The address needs a host name.";
  if (url.search || url.hash) return "Leave out ? and # parts: just the server's address.";
  return null;
}

/** The address as sent: trimmed, without a trailing slash. */
export function normalizeServerUrl(raw: string): string {
  return raw.trim().replace(/\/+$/, "");
}

export { validateInviteCode } from "../../shared/validation";
