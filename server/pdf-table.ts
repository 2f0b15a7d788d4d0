/**
 * One way to draw a table on a printed page: a header row in the accent colour, then the rows,
 * each cell wrapped in its column and a thin rule under each row; a new page when one is full.
 */
export interface PdfColumn {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

export function drawTable(doc: PDFKit.PDFDocument, columns: PdfColumn[], rows: string[][]): void {
  const left = doc.page.margins.left;
  const width = columns.reduce((s, c) => s + c.width, 0);
  const line = (cells: string[], header: boolean) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 40) doc.addPage();
    const y = doc.y;
    let x = left;
    let bottom = y;
    doc.fontSize(header ? 10 : 9).fillColor(header ? '#1668dc' : '#000');
    cells.forEach((cell, i) => {
      const column = columns[i]!;
      doc.text(cell, x, y, { width: column.width - 6, align: column.align ?? 'left' });
      bottom = Math.max(bottom, doc.y);
      x += column.width;
    });
    doc.moveTo(left, bottom + 2).lineTo(left + width, bottom + 2).strokeColor('#ddd').stroke();
    doc.x = left;
    doc.y = bottom + 5;
  };
  line(columns.map((c) => c.title), true);
  for (const row of rows) line(row, false);
}
