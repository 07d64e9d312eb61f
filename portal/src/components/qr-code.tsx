/**
 * A QR code drawn as an SVG path from the matrix that `uqr` encodes: no canvas, no inline style, so it passes the
 * CSP and scales sharply on any screen. The link under it is the same URL, for people who cannot scan.
 */
import { encode } from 'uqr';

export const QrCode = (props: { readonly text: string; readonly label: string; readonly size?: number }) => {
  const { data, size } = encode(props.text, { ecc: 'M', border: 2 });
  const path = data
    .flatMap((row, y) => row.map((dark, x) => (dark ? `M${x} ${y}h1v1h-1z` : '')))
    .filter(Boolean)
    .join('');
  return (
    <svg
      class="qr"
      role="img"
      aria-label={props.label}
      viewBox={`0 0 ${size} ${size}`}
      width={props.size ?? 128}
      height={props.size ?? 128}
      shape-rendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
};
