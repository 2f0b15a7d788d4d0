import ExcelJS from 'exceljs';

/** The template's header as people fill it in. */
export const IMPORT_HEADER = ['配件编号*', '名称*', '分类*', '单位*', '成本价(元)*', '零售价(元)*', '合同价(元)', '可按小数计量', '序列号管理', '已停产', '适用设备类型', '备注'];

/** A workbook as people keep it: the template's header, then one part per row. */
export async function workbook(rows: unknown[][], header: string[] = IMPORT_HEADER): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('配件目录');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}
