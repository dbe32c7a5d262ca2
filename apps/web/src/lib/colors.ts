/**
 * Colours of the page's status badges, dark enough for small white text (WCAG AA, 4.5:1), checked by
 * axe-core in the browser tests. Mantine's 9-shades of green and teal are just under it.
 */
export const tone = {
  ok: '#1b6b33',
  bad: '#a51d24',
  info: '#17528f',
  muted: '#3d434a',
  accent: '#7a2a8c',
  positive: '#0b6650',
} as const;
