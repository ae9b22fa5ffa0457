import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The README and docs/ must stand on their own: every relative link resolves inside the repository. */
const ROOT = resolve(import.meta.dirname, '../..');
const DOCUMENTS = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)];

function links(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

describe('documentation links', () => {
  it('finds the documents and their links', () => {
    expect(DOCUMENTS).toEqual(expect.arrayContaining(['README.md', 'docs/architecture.md', 'docs/domain.md']));
    expect(links(readFileSync(join(ROOT, 'README.md'), 'utf8'))).toEqual(
      expect.arrayContaining(['docs/architecture.md', 'docs/domain.md']),
    );
  });

  it.each(DOCUMENTS)('%s links only to files inside the repository', (document) => {
    const broken = links(readFileSync(join(ROOT, document), 'utf8'))
      .filter((link) => !/^(https?:|mailto:|#)/.test(link))
      .map((link) => link.split('#')[0]!)
      .filter((target) => {
        const file = resolve(ROOT, dirname(document), target);
        return relative(ROOT, file).startsWith('..') || !existsSync(file);
      });
    expect(broken).toEqual([]);
  });
});
