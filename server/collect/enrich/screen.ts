export type ScreenClass = '' | 'mobile' | 'tablet' | 'laptop' | 'desktop';

/**
 * Buckets a viewport width (CSS px) so no exact resolution is stored. Breakpoints follow
 * Bootstrap's sm/lg grid plus 1440 for large desktops.
 */
export function screenClass(width: number | undefined): ScreenClass {
  if (width === undefined || !Number.isFinite(width) || width <= 0) return '';
  if (width < 576) return 'mobile';
  if (width < 992) return 'tablet';
  if (width < 1440) return 'laptop';
  return 'desktop';
}
