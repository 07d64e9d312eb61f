/**
 * Horizontal bar charts as SVG text, for the capacity model's committed charts. Hand-written: the chart
 * libraries on npm either need a DOM or a native canvas (chart.js with node-canvas), which this repository avoids.
 */
const xmlText = (text: string) =>
  text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);

export interface Bar {
  readonly label: string;
  readonly value: number;
}

/** A labelled horizontal bar chart, largest first, with the value printed after each bar. */
export const barChartSvg = (options: {
  readonly title: string;
  readonly bars: readonly Bar[];
  readonly format: (value: number) => string;
}): string => {
  const bars = [...options.bars].sort((a, b) => b.value - a.value);
  const rowHeight = 18;
  const labelWidth = 150;
  const chartWidth = 460;
  const top = 36;
  const height = top + bars.length * rowHeight + 16;
  const max = Math.max(...bars.map((b) => b.value), 1e-9);
  const rows = bars.map((bar, i) => {
    const y = top + i * rowHeight;
    const width = Math.max(0.5, (bar.value / max) * chartWidth);
    return [
      `<text x="${labelWidth - 6}" y="${y + 12}" text-anchor="end">${xmlText(bar.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 2}" width="${width.toFixed(1)}" height="${rowHeight - 5}" fill="#2f6f9f"/>`,
      `<text x="${(labelWidth + width + 4).toFixed(1)}" y="${y + 12}">${xmlText(options.format(bar.value))}</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + chartWidth + 110}" height="${height}" font-family="sans-serif" font-size="11" role="img">`,
    `<title>${xmlText(options.title)}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="8" y="20" font-size="14" font-weight="bold">${xmlText(options.title)}</text>`,
    ...rows,
    '</svg>',
    '',
  ].join('\n');
};
