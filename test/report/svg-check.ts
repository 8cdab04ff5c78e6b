/**
 * A strict little well-formedness check for the SVG we write: one <svg> root in
 * the SVG namespace, every tag closed in order, attribute values quoted, no raw
 * `<` or `&` in text. Returns the problems found (empty when well-formed).
 */
export function svgProblems(svg: string): string[] {
  const problems: string[] = [];
  if (!/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>/.test(svg))
    problems.push('does not start with an <svg> root in the SVG namespace');
  const stack: string[] = [];
  const token = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  let roots = 0;
  while ((m = token.exec(svg))) {
    const [, closing, name, , selfClosing, textContent, stray] = m;
    if (stray) {
      problems.push(`malformed tag at ${m.index}: ${svg.slice(m.index, m.index + 40)}`);
      break;
    }
    if (textContent !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(textContent)) problems.push(`unescaped & in text: ${textContent.slice(0, 40)}`);
      if (stack.length === 0 && textContent.trim()) problems.push('text outside the root');
      continue;
    }
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}>`);
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
