/** axe-core on the page as it is now: the serious or critical WCAG 2.2 A/AA violations, one line each. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const seriousViolations = async (page: Page): Promise<string[]> => {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
};
