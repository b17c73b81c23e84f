/**
 * The text edit of a quick fix, computed on nodes parsed once for many fixes (the whole tree, or only the containers
 * the fixes edit: fixSubtrees.ts): jsonc-parser's `modify` parses the whole text for every fix and copies it to
 * format the result, so asking for the fixes of hundreds of problems cost fixes × size. This is `modify`'s own logic
 * (jsonc-parser 3.3, MIT, `impl/edit.ts` `setProperty`) given the nodes, with its formatting step run on the lines
 * the edit touches only (`format` with a range reads nothing else). test/unit/server/fixEdits.test.ts holds it to
 * `modify` + `applyEdits` over generated inputs.
 */
import { findNodeAtLocation, format, type FormattingOptions, type Node as JsonNode } from 'jsonc-parser';
import type { JsonPath } from './locate';
import type { Fix } from './problems';

/**
 * The node at a path, as `findNodeAtLocation` on the text's tree finds it. A lookup over parsed containers only
 * (fixSubtrees.ts) answers for the paths at or below the container of each fix, which is all a fix asks.
 */
export type NodeAt = (path: JsonPath) => JsonNode | undefined;

/** {@link NodeAt} over a whole tree. */
export function inTree(root: JsonNode | undefined): NodeAt {
  return (path) => (root ? findNodeAtLocation(root, path) : undefined);
}

export interface RawEdit {
  offset: number;
  length: number;
  content: string;
}

/**
 * The single edit applying `fix` to `text` (whose nodes `nodeAt` finds), or undefined when there is nothing to do or the
 * place does not fit (a path through a scalar, an index past the end).
 */
export function fixEdit(
  text: string,
  nodeAt: NodeAt,
  fix: Fix,
  formatting: FormattingOptions | undefined,
): RawEdit | undefined {
  try {
    switch (fix.kind) {
      case 'set':
        return setProperty(text, nodeAt, fix.path, fix.value, formatting);
      case 'remove':
        return setProperty(text, nodeAt, fix.path, undefined, formatting);
      case 'rename':
        return renameKey(nodeAt, fix.path, fix.name);
      case 'add':
        return addProperties(text, nodeAt, fix.path, fix.properties, formatting)?.edit;
    }
  } catch {
    return undefined;
  }
}

function renameKey(nodeAt: NodeAt, path: JsonPath, name: string): RawEdit | undefined {
  const member = nodeAt(path)?.parent;
  // Only a member has a key (an array item's parent is the array).
  const key = member?.type === 'property' ? member.children?.[0] : undefined;
  if (!key || key.type !== 'string') return undefined;
  return { offset: key.offset, length: key.length, content: JSON.stringify(name) };
}

/**
 * Adds members to the object at `path`, in order, each after the last member: as one insertion, formatted
 * once, which is what inserting them one after the other gives (the oracle test checks it). When one of them is
 * already there (`modify` would replace its value in place) or the object is missing, falls back to inserting
 * the first alone (`added` says how many): the caller re-parses for the rest.
 */
export function addProperties(
  text: string,
  nodeAt: NodeAt,
  path: JsonPath,
  properties: ReadonlyArray<{ name: string; value: unknown }>,
  formatting: FormattingOptions | undefined,
): { edit: RawEdit | undefined; added: number } | undefined {
  if (properties.length === 0) return undefined;
  const parent = nodeAt(path);
  if (
    properties.length === 1 ||
    !parent ||
    parent.type !== 'object' ||
    !parent.children ||
    properties.some((p) => findNodeAtLocation(parent, [p.name]) !== undefined) ||
    new Set(properties.map((p) => p.name)).size !== properties.length
  ) {
    return {
      edit: setProperty(text, nodeAt, [...path, properties[0].name], properties[0].value, formatting),
      added: 1,
    };
  }
  const members = properties.map((p) => `${JSON.stringify(p.name)}: ${JSON.stringify(p.value)}`).join(',');
  const last = parent.children[parent.children.length - 1];
  const edit = last
    ? { offset: last.offset + last.length, length: 0, content: ',' + members }
    : { offset: parent.offset + 1, length: 0, content: members };
  return { edit: withFormatting(text, edit, formatting), added: properties.length };
}

function setProperty(
  text: string,
  nodeAt: NodeAt,
  originalPath: JsonPath,
  value: unknown,
  formatting: FormattingOptions | undefined,
): RawEdit | undefined {
  const path = originalPath.slice();
  let parent: JsonNode | undefined;
  let lastSegment: string | number | undefined;
  while (path.length > 0) {
    lastSegment = path.pop();
    parent = nodeAt(path);
    if (parent === undefined && value !== undefined) {
      value = typeof lastSegment === 'string' ? { [lastSegment]: value } : [value];
    } else {
      break;
    }
  }
  if (!parent) {
    if (value === undefined) return undefined; // nothing to delete
    const root = nodeAt([]);
    const edit = { offset: root ? root.offset : 0, length: root ? root.length : 0, content: JSON.stringify(value) };
    return withFormatting(text, edit, formatting);
  }
  const children = parent.children;
  if (parent.type === 'object' && typeof lastSegment === 'string' && children) {
    const existing = findNodeAtLocation(parent, [lastSegment]);
    if (existing !== undefined) {
      if (value !== undefined) {
        return withFormatting(
          text,
          { offset: existing.offset, length: existing.length, content: JSON.stringify(value) },
          formatting,
        );
      }
      const member = existing.parent;
      if (!member) return undefined;
      const index = children.indexOf(member);
      let removeBegin: number;
      let removeEnd = member.offset + member.length;
      if (index > 0) {
        const previous = children[index - 1]; // its comma goes too
        removeBegin = previous.offset + previous.length;
      } else {
        removeBegin = parent.offset + 1;
        if (children.length > 1) removeEnd = children[1].offset; // the next one's comma goes too
      }
      return withFormatting(text, { offset: removeBegin, length: removeEnd - removeBegin, content: '' }, formatting);
    }
    if (value === undefined) return undefined; // not there: nothing to remove
    const member = `${JSON.stringify(lastSegment)}: ${JSON.stringify(value)}`;
    const last = children[children.length - 1];
    const edit = last
      ? { offset: last.offset + last.length, length: 0, content: ',' + member }
      : { offset: parent.offset + 1, length: 0, content: member };
    return withFormatting(text, edit, formatting);
  }
  if (parent.type === 'array' && typeof lastSegment === 'number' && children) {
    if (lastSegment === -1) {
      const item = JSON.stringify(value);
      const last = children[children.length - 1];
      const edit = last
        ? { offset: last.offset + last.length, length: 0, content: ',' + item }
        : { offset: parent.offset + 1, length: 0, content: item };
      return withFormatting(text, edit, formatting);
    }
    if (value === undefined) {
      const index = lastSegment;
      let edit: RawEdit;
      // Unlike modify, which empties a one-item array asked to remove an index past its end.
      if (index >= children.length) return undefined;
      if (children.length === 1) {
        edit = { offset: parent.offset + 1, length: parent.length - 2, content: '' };
      } else if (children.length - 1 === index) {
        const previous = children[index - 1];
        const offset = previous.offset + previous.length;
        edit = { offset, length: parent.offset + parent.length - 2 - offset, content: '' };
      } else {
        edit = {
          offset: children[index].offset,
          length: children[index + 1].offset - children[index].offset,
          content: '',
        };
      }
      return withFormatting(text, edit, formatting);
    }
    const item = JSON.stringify(value);
    let edit: RawEdit;
    if (children.length > lastSegment) {
      const target = children[lastSegment];
      edit = { offset: target.offset, length: target.length, content: item };
    } else if (children.length === 0 || lastSegment === 0) {
      edit = { offset: parent.offset + 1, length: 0, content: children.length === 0 ? item : item + ',' };
    } else {
      const previous = children[Math.min(lastSegment, children.length) - 1];
      edit = { offset: previous.offset + previous.length, length: 0, content: ',' + item };
    }
    return withFormatting(text, edit, formatting);
  }
  return undefined;
}

const isEol = (text: string, offset: number) => {
  const c = text.charCodeAt(offset);
  return c === 10 || c === 13;
};

/**
 * Lines longer than this get unformatted (compact but correct) fixes: jsonc-parser formats the whole line a fix
 * lands on, applying each formatting edit by string concatenation, which on a long line is quadratic (a 7 MB line
 * hung the server for minutes).
 */
export const LONG_LINE = 10_000;

/**
 * `modify`'s formatting step on a window: the lines of `text` the edit touches, which is all `format` reads for a
 * range within them. The same edit as formatting the whole edited text, without copying it. Looking for the
 * window's ends stops at {@link LONG_LINE} characters, so a fix on a long line costs no more than on a short one.
 */
function withFormatting(text: string, edit: RawEdit, formatting: FormattingOptions | undefined): RawEdit {
  if (!formatting) return edit;
  let windowStart = edit.offset;
  const lowest = Math.max(0, edit.offset - LONG_LINE);
  while (windowStart > lowest && !isEol(text, windowStart - 1)) windowStart--;
  if (windowStart > 0 && !isEol(text, windowStart - 1)) return edit;
  let windowEnd = edit.offset + edit.length;
  const highest = Math.min(text.length, windowEnd + LONG_LINE);
  while (windowEnd < highest && !isEol(text, windowEnd)) windowEnd++;
  if (windowEnd < text.length && !isEol(text, windowEnd)) return edit;
  const before = text.slice(windowStart, windowEnd);
  const at = edit.offset - windowStart;
  let after = before.slice(0, at) + edit.content + before.slice(at + edit.length);
  let begin = at;
  let end = at + edit.content.length;
  if (edit.length === 0 || edit.content.length === 0) {
    while (begin > 0 && !isEol(after, begin - 1)) begin--;
    while (end < after.length && !isEol(after, end)) end++;
  }
  const edits = format(after, { offset: begin, length: end - begin }, { ...formatting, keepLines: false });
  for (let i = edits.length - 1; i >= 0; i--) {
    const e = edits[i];
    after = after.slice(0, e.offset) + e.content + after.slice(e.offset + e.length);
    begin = Math.min(begin, e.offset);
    end = Math.max(end, e.offset + e.length);
    end += e.content.length - e.length;
  }
  const length = before.length - (after.length - end) - begin;
  return { offset: windowStart + begin, length, content: after.slice(begin, end) };
}
