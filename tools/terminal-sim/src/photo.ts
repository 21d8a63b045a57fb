/**
 * The photo every virtual camera takes: an 80×60 baseline JPEG (about 1.1 KB, rendered once from a
 * gradient and two shapes). Each shot gets a COM segment with its photo number and time, so photos
 * differ byte-wise and stay valid JPEGs.
 */
const BASE_JPEG = Uint8Array.from(
  Buffer.from(
    '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDABcQERQRDhcUEhQaGBcbIjklIh8fIkYyNSk5UkhXVVFIUE5bZoNvW2F8Yk5QcptzfIeLkpSSWG2grJ+OqoOPko3/2wBDARgaGiIeIkMlJUONXlBejY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY3/wAARCAA8AFADASIAAhEBAxEB/8QAGgABAQEBAQEBAAAAAAAAAAAAAAMFBAECBv/EACUQAAICAgECBwEBAAAAAAAAAAABAhIDEQRSYQUTFCIxQaEzUf/EABgBAAMBAQAAAAAAAAAAAAAAAAABAwQC/8QAGxEAAwEBAAMAAAAAAAAAAAAAAAEREgIDEyH/2gAMAwEAAhEDEQA/AIVFSlRU0aM8J1FSlRLUU3J6S+w0EJ1FSE+dBPUIuXf4EOdBvU4uPf5DQ8svUVKR1JJxe0/sVDQoTqKlKioaCFaipWoqZ9FYSqZniGZyy+Un7Y/PdmxUweUmuVlT6mPl0aRIAHYzr8PzOOXym/bL47M06mNxE3ysSXUjeqcdOCaJVFStRUWhQpUVK1FTNorCVTO8T4Upvz8S29e5L77mtUVGu46KH5MH6bLw8GZ7yYot/wC60xi4eDC948UU/wDdbZX3IMmf4ZwpQfn5Vp69qf13NGpWoqSfddCEqipWoqLQ4VqKlNDRn0Uh5HBOUdxjtPue+mydP6jrwfxifZq58SaTJvr6cPpsnT+oemydP6juB16eRaZw+mydP6jyWCcY7lHSXc7z4z/xkc9eJJNjXX04KipTQ0ZdFIf/2Q==',
    'base64',
  ),
);

/** Bytes per 0x0306 packet (one terminal family uses 600, REFERENCE §1.8). */
export const PHOTO_PACKET_BYTES = 600;

/** A JPEG for one shot: SOI, a COM segment naming the shot, then the base image after its SOI. */
export function photoJpeg(label: string): Uint8Array {
  const text = new TextEncoder().encode(label.slice(0, 200));
  const out = new Uint8Array(BASE_JPEG.length + 4 + text.length);
  out.set(BASE_JPEG.subarray(0, 2), 0); // FF D8
  out[2] = 0xff;
  out[3] = 0xfe; // COM
  const segLen = text.length + 2;
  out[4] = segLen >> 8;
  out[5] = segLen & 0xff;
  out.set(text, 6);
  out.set(BASE_JPEG.subarray(2), 6 + text.length);
  return out;
}

/** Split photo bytes into 0x0306 payloads. */
export function photoPackets(jpeg: Uint8Array, size = PHOTO_PACKET_BYTES): Uint8Array[] {
  const packets: Uint8Array[] = [];
  for (let at = 0; at < jpeg.length; at += size) packets.push(jpeg.subarray(at, at + size));
  return packets;
}
