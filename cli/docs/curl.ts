/** cURL blocks: not checked yet (see checkPage's caller); listed as such. */
import type { Catalog } from '../../server/src/catalog/catalog';
import type { ServerSettings } from '../../common/settings';
import type { DocBlock } from './blocks';
import type { DocProblem } from './check';

export function checkCurlBlock(
  block: DocBlock,
  operationId: string | undefined,
  _catalog: Catalog,
  _settings: ServerSettings,
): { operationId: string | undefined; problems: DocProblem[] } {
  return {
    operationId,
    problems: [
      {
        severity: 'info',
        code: 'curl-not-checked',
        message: 'cURL blocks are not checked yet.',
        offset: block.start,
        length: block.openLength,
      },
    ],
  };
}
