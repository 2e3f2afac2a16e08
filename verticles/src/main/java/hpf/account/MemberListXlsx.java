package hpf.account;

import hpf.kit.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

/**
 * Reads the first sheet of an Excel batch list (.xlsx) with POI's streaming (SAX) sheet reader into
 * {@link MemberListFile}: no workbook is built, rows go to the list as the sheet's XML is read, and reading stops at
 * the first row over the limit. The package itself is opened under POI's zip-bomb guards, tightened below. Cells are
 * taken as Excel shows them (a number formatted by its cell format). Runs on a worker thread.
 */
final class MemberListXlsx {

  static {
    // An .xlsx is a zip archive: a small upload could inflate to gigabytes. No part may inflate more than 50-fold
    // or beyond 16 MiB (a sheet of 10,000 members is about 2 MiB of XML), and the archive may hold few parts.
    ZipSecureFile.setMinInflateRatio(0.02);
    ZipSecureFile.setMaxEntrySize(16L * 1024 * 1024);
    ZipSecureFile.setMaxFileCount(200);
    ZipSecureFile.setMaxTextSize(16L * 1024 * 1024);
  }

  private MemberListXlsx() {}

  static List<MemberListFile.Row> read(byte[] file, String kind) {
    MemberListFile list = new MemberListFile(kind);
    try (OPCPackage pkg = OPCPackage.open(new ByteArrayInputStream(file))) {
      XSSFReader reader = new XSSFReader(pkg);
      Iterator<InputStream> sheets = reader.getSheetsData();
      if (!sheets.hasNext()) {
        throw MemberListFile.refused(MemberListProblems.LIST_EMPTY);
      }
      ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
      try (InputStream sheet = sheets.next()) {
        XMLReader parser = XMLHelper.newXMLReader();
        parser.setContentHandler(new XSSFSheetXMLHandler(reader.getStylesTable(), null, strings, new Rows(list),
            new DataFormatter(), false));
        parser.parse(new InputSource(sheet));
      }
    } catch (ProblemException refusal) {
      throw refusal;
    } catch (Exception e) {
      // The SAX parser may wrap a refusal raised while reading the rows (too many rows).
      if (e.getCause() instanceof ProblemException refusal) {
        throw refusal;
      }
      throw MemberListFile.refused(MemberListProblems.LIST_FILE_UNREADABLE);
    }
    return list.rows();
  }

  /** Collects each row's cells by column and hands the row over when it ends. */
  private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {

    private final MemberListFile list;
    private Map<Integer, String> cells = new HashMap<>();
    private int nextColumn;

    Rows(MemberListFile list) {
      this.list = list;
    }

    @Override
    public void startRow(int rowNum) {
      cells = new HashMap<>();
      nextColumn = 0;
    }

    @Override
    public void endRow(int rowNum) {
      list.row(rowNum + 1, cells);
    }

    @Override
    public void cell(String cellReference, String formattedValue, XSSFComment comment) {
      int column = cellReference == null ? nextColumn : new CellReference(cellReference).getCol();
      nextColumn = column + 1;
      if (column < 64) {
        cells.put(column, formattedValue);
      }
    }
  }
}
