/**
 * A table's horizontal scroll box. On a 360 px phone screen a wide table scrolls inside it, so it is focusable
 * (WCAG 2.1.1; axe `scrollable-region-focusable`): a keyboard user tabs to it and scrolls with the arrow keys.
 */
import type { ComponentChildren } from 'preact';

export const TableScroll = (props: { readonly label?: string; readonly children: ComponentChildren }) => (
  // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to be scrolled.
  <div class="table-scroll" tabIndex={0} {...(props.label ? { role: 'region', 'aria-label': props.label } : {})}>
    {props.children}
  </div>
);
