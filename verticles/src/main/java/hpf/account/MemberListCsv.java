package hpf.account;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV batch list (RFC 4180: commas, double quotes, CRLF or LF) character by character into
 * {@link MemberListFile}, never holding more than the row being read. UTF-8 (with or without a byte order mark) or,
 * as Excel saves CSV on Chinese Windows, GB18030. Runs on a worker thread.
 */
final class MemberListCsv {

  private static final Charset GB18030 = Charset.forName("GB18030");

  private MemberListCsv() {}

  static List<MemberListFile.Row> read(byte[] file, String kind) {
    MemberListFile list = new MemberListFile(kind);
    try (Reader in = new InputStreamReader(new java.io.ByteArrayInputStream(file), charsetOf(file))) {
      Map<Integer, String> cells = new HashMap<>();
      StringBuilder cell = new StringBuilder();
      boolean quoted = false;
      boolean atStart = true;
      int rowNo = 1;
      int pending = in.read();
      if (pending == '\uFEFF') {
        pending = in.read();
      }
      while (pending != -1) {
        int c = pending;
        pending = in.read();
        if (quoted) {
          if (c != '"') {
            append(cell, c);
          } else if (pending == '"') {
            append(cell, '"');
            pending = in.read();
          } else {
            quoted = false;
          }
        } else if (c == '"' && atStart) {
          quoted = true;
          atStart = false;
        } else if (c == ',') {
          cells.put(cells.size(), cell.toString());
          cell.setLength(0);
          atStart = true;
        } else if (c == '\n') {
          cells.put(cells.size(), cell.toString());
          list.row(rowNo++, cells);
          cells = new HashMap<>();
          cell.setLength(0);
          atStart = true;
        } else if (c != '\r') {
          append(cell, c);
          atStart = false;
        }
      }
      if (quoted) {
        throw MemberListFile.refused(MemberListProblems.LIST_FILE_UNREADABLE);
      }
      if (cell.length() > 0 || !cells.isEmpty()) {
        cells.put(cells.size(), cell.toString());
        list.row(rowNo, cells);
      }
    } catch (IOException e) {
      throw MemberListFile.refused(MemberListProblems.LIST_FILE_UNREADABLE);
    }
    return list.rows();
  }

  private static void append(StringBuilder cell, int c) {
    // A runaway cell (an unclosed quote over the whole file, a binary file) is refused before it grows.
    if (cell.length() > MemberListFile.MAX_CELL_CHARS) {
      throw MemberListFile.refused(MemberListProblems.LIST_FILE_UNREADABLE);
    }
    cell.append((char) c);
  }

  /** UTF-8 when the bytes are valid UTF-8, else GB18030 (the encoding of CSV saved by Excel in China). */
  private static Charset charsetOf(byte[] file) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file));
      return StandardCharsets.UTF_8;
    } catch (CharacterCodingException e) {
      return GB18030;
    }
  }
}
