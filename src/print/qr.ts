import QRCode from 'qrcode';

/**
 * An SVG QR code for `url`: error correction M (survives a coffee stain), the
 * standard 4-module quiet zone, and a label for screen readers.
 * @example await qrSvg('https://brasa.example/en/survey/feedback/?at=counter', 'Survey')
 */
export async function qrSvg(url: string, label: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
  return svg.replace('<svg ', `<svg role="img" aria-label="${label.replace(/[<>&"]/g, '')}" `);
}
