/**
 * Text made safe for XML (HTML is escaped by src/render/html.ts): escaping,
 * CDATA sections (with `]]>` split across two sections), and the characters
 * XML 1.0 forbids even inside CDATA.
 */

/** Control characters, lone surrogates and U+FFFE/U+FFFF: not allowed anywhere in an XML 1.0 document. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces characters XML cannot carry with U+FFFD, so one odd character in a bank never makes the file unreadable. */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '\uFFFD');
}

/**
 * Escapes text for an XML element or a double-quoted attribute.
 * @example escapeXml('a < b & "c"') // "a &lt; b &amp; &quot;c&quot;"
 */
export function escapeXml(text: string): string {
  return xmlSafe(text).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/**
 * A CDATA section holding `text` verbatim; a `]]>` inside is split over two
 * sections (`]]]]><![CDATA[>`), which an XML parser joins back.
 * @example cdata('x]]>y') // "<![CDATA[x]]]]><![CDATA[>y]]>"
 */
export function cdata(text: string): string {
  return `<![CDATA[${xmlSafe(text).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}
