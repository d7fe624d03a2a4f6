import QRCode from "qrcode";

/**
 * Level Q (25 % of the code may be lost) and the standard 4-module quiet zone:
 * the codes are printed, taped to gates, creased and photographed by old phones
 * in poor light, so robustness matters more than the few extra modules it costs.
 */
const options = { errorCorrectionLevel: "Q", margin: 4 } as const;

/** A QR code as a standalone SVG element with a viewBox and no fixed size: scale it with CSS. */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...options, type: "svg" });
}

/** A QR code as a PNG, `sizePx` wide and high (1024 px ≈ 90 mm at 300 dpi). */
export async function qrPng(text: string, sizePx = 1024): Promise<Buffer> {
  if (!Number.isInteger(sizePx) || sizePx < 64 || sizePx > 4096) {
    throw new RangeError(`QR size must be an integer from 64 to 4096 px, got ${sizePx}`);
  }
  return QRCode.toBuffer(text, { ...options, type: "png", width: sizePx });
}
