import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** Serious and critical axe violations of what the page shows now, one line per element; prints the count per view. */
export async function seriousViolations(page: Page, view: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const lines = serious.flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${v.help} — ${n.target.join(' ')}`));
  console.log(`axe ${view}: ${violations.length} violations, ${serious.length} serious or critical${lines.length ? `\n  ${lines.join('\n  ')}` : ''}`);
  return lines;
}
