import { csvCell, csvRecord, neutralise } from '../../src/platform/csv/csv-cells.js';

describe('CSV cells', () => {
  it('neutralises text starting with =, +, -, @, tab or carriage return with a leading quote', () => {
    const starts = ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'x=1', ' =1', "'x", '', 'سلام'];
    expect(starts.map(neutralise)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'x=1',
      ' =1',
      "'x",
      '',
      'سلام',
    ]);
  });

  it('writes null as empty, dates as ISO 8601, numbers and booleans as JSON does, arrays and objects as JSON', () => {
    const row = {
      a: null,
      b: undefined,
      c: new Date('2026-05-01T10:00:00Z'),
      d: 42,
      e: -3,
      f: false,
      g: [{ id: 'x', name: '=cmd' }],
      h: { k: 1 },
    };
    expect(csvRecord(row, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'missing'])).toEqual([
      '',
      '',
      '2026-05-01T10:00:00.000Z',
      '42',
      "'-3",
      'false',
      '[{"id":"x","name":"=cmd"}]',
      '{"k":1}',
      '',
    ]);
    expect(csvCell('=HYPERLINK("https://evil.example")')).toBe('\'=HYPERLINK("https://evil.example")');
  });
});
