/**
 * The scanner's adapters to files and libraries, kept apart from the pure
 * image analysis: scanned PDFs rendered to gray with mupdf (MuPDF's own WASM
 * build: the renderer copiers' scan-to-PDF files are tested against, no
 * native install), PNG/JPEG decoded with sharp (libvips), QR codes read with
 * zxing-wasm (ZXing-C++; its .wasm loaded from node_modules, never a CDN), and
 * review crops encoded as PNG data URLs with sharp.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import sharp from 'sharp';
import { UsageError } from '../core/errors.js';
import type { GrayImage } from './register.js';
import { type PixelBox, type QrReader, cropGray } from './page.js';

/** Scans are rendered at this resolution: bubbles are ~27 px wide, QR modules ~4 px. */
export const RENDER_DPI = 150;

export interface ScanImage {
  /** `scans.pdf#3` or the image's file name. */
  source: string;
  img: GrayImage;
}

/** Gray pixels of an image file (any format sharp reads), one byte each. */
export async function decodeImage(bytes: Buffer | Uint8Array): Promise<GrayImage> {
  const { data, info } = await sharp(bytes).greyscale().extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

type Mupdf = typeof import('mupdf');
let mupdfModule: Promise<Mupdf> | undefined;
const loadMupdf = (): Promise<Mupdf> => (mupdfModule ??= import('mupdf'));

/** Every page of a PDF as gray pixels at `dpi`. */
export async function* renderPdfPages(bytes: Uint8Array, name: string, dpi = RENDER_DPI): AsyncGenerator<ScanImage> {
  const mupdf = await loadMupdf();
  let doc: InstanceType<Mupdf['Document']>;
  try {
    doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  } catch (e) {
    throw new UsageError(`${name}: not a readable PDF (${(e as Error).message})`);
  }
  const count = doc.countPages();
  for (let i = 0; i < count; i++) {
    const page = doc.loadPage(i);
    const pix = page.toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceGray, false, true);
    const width = pix.getWidth();
    const height = pix.getHeight();
    const stride = pix.getStride();
    const raw = pix.getPixels();
    // Rows may be padded: copy them tight.
    const data = stride === width ? new Uint8Array(raw) : new Uint8Array(width * height);
    if (stride !== width) for (let y = 0; y < height; y++) data.set(raw.subarray(y * stride, y * stride + width), y * width);
    pix.destroy();
    page.destroy();
    yield { source: `${name}#${i + 1}`, img: { width, height, data } };
  }
  doc.destroy();
}

/** The pages of each scan file in order: PDFs page by page, PNG/JPEG/TIFF images one each. */
export async function* scanImages(files: readonly string[]): AsyncGenerator<ScanImage> {
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      throw new UsageError(`cannot read the scan ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (extname(file).toLowerCase() === '.pdf' || bytes.subarray(0, 5).toString('latin1') === '%PDF-') yield* renderPdfPages(bytes, file);
    else {
      try {
        yield { source: file, img: await decodeImage(bytes) };
      } catch (e) {
        throw new UsageError(`${file}: not an image sharp can read (PNG, JPEG, TIFF …): ${(e as Error).message}`);
      }
    }
  }
}

let qrReady: Promise<typeof import('zxing-wasm/reader')> | undefined;

/** The QR decoder, its WebAssembly read from node_modules once per process. */
export const readQr: QrReader = async (img) => {
  qrReady ??= (async () => {
    const zxing = await import('zxing-wasm/reader');
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve('zxing-wasm/reader').replace(/dist[\\/]cjs[\\/]reader[\\/]index\.js$/, 'dist/reader/zxing_reader.wasm');
    const wasm = readFileSync(wasmPath);
    await zxing.prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) }, fireImmediately: true });
    return zxing;
  })();
  const zxing = await qrReady;
  // zxing-wasm takes an ImageData-like object; one byte per pixel with colorSpace 'Grayscale' (its typings follow the DOM's, hence the cast).
  const input = {
    data: new Uint8ClampedArray(img.data.buffer as ArrayBuffer, img.data.byteOffset, img.data.length),
    width: img.width,
    height: img.height,
    colorSpace: 'Grayscale',
  } as unknown as Parameters<typeof zxing.readBarcodes>[0];
  const results = await zxing.readBarcodes(input, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 });
  const hit = results.find((r) => r.isValid);
  return hit ? hit.text : null;
};

/** A box of a page as a PNG data URL (turned the right way up), for the review page. */
export async function cropDataUrl(img: GrayImage, box: PixelBox, upsideDown: boolean): Promise<string> {
  const crop = cropGray(img, box);
  const png = await sharp(Buffer.from(crop.data.buffer, crop.data.byteOffset, crop.data.length), { raw: { width: crop.width, height: crop.height, channels: 1 } })
    .rotate(upsideDown ? 180 : 0)
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}
