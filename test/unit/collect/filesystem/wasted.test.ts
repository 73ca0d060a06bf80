import { describe, expect, it } from 'vitest';
import { detectWaste } from '../../../../src/collect/filesystem/wasted.js';
import { file, hardlink, image, opaque, whiteout } from './layers.js';

describe('detectWaste', () => {
  it('counts N−1 copies of a file written N times, and every copy of a file deleted later', () => {
    const view = image(
      [file('app/bundle.js', { size: 100 }), file('app/cache/build.bin', { size: 1_000 })],
      [file('app/bundle.js', { size: 120 })],
      [file('app/bundle.js', { size: 130 }), file('app/cache/build.bin', { size: 1_000 })],
      [whiteout('app/cache')],
    );
    const createdBy = [
      'COPY app/ /app/ # buildkit',
      null,
      'RUN npm run build # buildkit',
      'RUN rm -rf /app/cache # buildkit',
    ];
    expect(detectWaste(view, createdBy)).toEqual({
      wastedBytes: 2_220,
      wastedFiles: [
        {
          path: '/app/cache/build.bin',
          bytes: 2_000,
          layerIndexes: [0, 2],
          createdBy: ['COPY app/ /app/ # buildkit', 'RUN npm run build # buildkit'],
        },
        {
          path: '/app/bundle.js',
          bytes: 220,
          layerIndexes: [0, 1],
          createdBy: ['COPY app/ /app/ # buildkit', '(unknown step)'],
        },
      ],
    });
  });

  it('counts what an opaque directory hides, not hard links, and nothing visible', () => {
    const view = image(
      [file('opt/a', { size: 10 }), hardlink('opt/b', 'opt/a'), file('srv/c', { size: 5 })],
      [opaque('opt')],
    );
    expect(detectWaste(view, []).wastedBytes).toBe(10);
  });

  it('keeps the top 10 by bytes, ties by path', () => {
    const sizes = [5, 50, 500, 1, 2, 3, 4, 6, 7, 8, 9, 10];
    const view = image(
      sizes.map((size, i) => file(`junk/f${String(i).padStart(2, '0')}`, { size })),
      [whiteout('junk'), file('junk/x', { size: 500 })],
      [whiteout('junk/x')],
    );
    const { wastedBytes, wastedFiles } = detectWaste(view, []);
    expect(wastedBytes).toBe(sizes.reduce((a, b) => a + b, 0) + 500);
    expect(wastedFiles.map(({ path, bytes }) => `${path}=${bytes}`)).toEqual([
      '/junk/f02=500',
      '/junk/x=500',
      '/junk/f01=50',
      '/junk/f11=10',
      '/junk/f10=9',
      '/junk/f09=8',
      '/junk/f08=7',
      '/junk/f07=6',
      '/junk/f00=5',
      '/junk/f06=4',
    ]);
  });
});
