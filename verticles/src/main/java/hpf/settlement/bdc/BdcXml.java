package hpf.settlement.bdc;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The XML body in GBK: {@code <message><head><field name="..">..</field></head><body>..</body></message>}, repeating
 * groups as {@code <field-list name="Details"><field-list name="1"><field ..>..</field></field-list></field-list>}.
 * Parsing is strict (nothing else is accepted) and safe (no DTD, no external entities): a malformed body is a
 * {@link BdcException}, never a hang.
 */
public final class BdcXml {

  public static final Charset GBK = Charset.forName("GBK");
  private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

  static {
    FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    FACTORY.setProperty(XMLInputFactory.IS_COALESCING, true);
  }

  private BdcXml() {}

  /** GBK bytes of the message; a value GBK cannot encode, or an XML control character, is refused. */
  public static byte[] write(BdcMessage message) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"GBK\"?><message><head>");
    message.headFields().forEach((name, value) -> field(xml, name, value));
    xml.append("</head><body>");
    message.bodyFields().forEach((name, value) -> field(xml, name, value));
    message.lists().forEach((list, rows) -> {
      xml.append("<field-list name=\"").append(escape(list)).append("\">");
      for (int i = 0; i < rows.size(); i++) {
        xml.append("<field-list name=\"").append(i + 1).append("\">");
        rows.get(i).forEach((name, value) -> field(xml, name, value));
        xml.append("</field-list>");
      }
      xml.append("</field-list>");
    });
    xml.append("</body></message>");
    try {
      ByteBuffer bytes = GBK.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(xml));
      byte[] out = new byte[bytes.remaining()];
      bytes.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("a field value cannot be written in GBK");
    }
  }

  /** Reads GBK bytes strictly; anything but the message schema is a {@link BdcException}. */
  public static BdcMessage read(byte[] gbk) {
    String text;
    try {
      text = GBK.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(gbk)).toString();
    } catch (CharacterCodingException e) {
      throw new BdcException("body is not valid GBK");
    }
    try {
      XMLStreamReader xml = FACTORY.createXMLStreamReader(new StringReader(text));
      try {
        return new Reader(xml).message();
      } finally {
        xml.close();
      }
    } catch (XMLStreamException e) {
      throw new BdcException("body is not well-formed XML");
    }
  }

  private static void field(StringBuilder xml, String name, String value) {
    xml.append("<field name=\"").append(escape(name)).append("\">").append(escape(value)).append("</field>");
  }

  private static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        throw new IllegalArgumentException("a field value holds a control character XML cannot carry");
      }
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\r' -> out.append("&#13;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A strict reader of the one schema. */
  private static final class Reader {
    private final XMLStreamReader xml;

    Reader(XMLStreamReader xml) {
      this.xml = xml;
    }

    BdcMessage message() throws XMLStreamException {
      BdcMessage message = new BdcMessage();
      expectStart("message");
      expectStart("head");
      while (nextTag() == XMLStreamConstants.START_ELEMENT) {
        requireName("field");
        message.head(name(), text());
      }
      expectStart("body");
      while (nextTag() == XMLStreamConstants.START_ELEMENT) {
        if (xml.getLocalName().equals("field")) {
          message.field(name(), text());
        } else {
          requireName("field-list");
          String list = name();
          message.list(list);
          while (nextTag() == XMLStreamConstants.START_ELEMENT) {
            requireName("field-list");
            name();
            Map<String, String> row = new LinkedHashMap<>();
            while (nextTag() == XMLStreamConstants.START_ELEMENT) {
              requireName("field");
              row.put(name(), text());
            }
            message.row(list, row);
          }
        }
      }
      if (nextTag() != XMLStreamConstants.END_ELEMENT || !xml.getLocalName().equals("message")) {
        throw new BdcException("body has content after </body>");
      }
      return message;
    }

    private int nextTag() throws XMLStreamException {
      try {
        return xml.nextTag();
      } catch (XMLStreamException e) {
        throw new BdcException("body does not follow the message schema");
      }
    }

    private void expectStart(String name) throws XMLStreamException {
      if (nextTag() != XMLStreamConstants.START_ELEMENT) {
        throw new BdcException("body lacks <" + name + ">");
      }
      requireName(name);
    }

    private void requireName(String name) {
      if (!xml.getLocalName().equals(name)) {
        throw new BdcException("body has <" + xml.getLocalName() + "> where <" + name + "> belongs");
      }
    }

    private String name() {
      String name = xml.getAttributeValue(null, "name");
      if (name == null || name.isEmpty()) {
        throw new BdcException("a <" + xml.getLocalName() + "> without a name");
      }
      return name;
    }

    private String text() throws XMLStreamException {
      try {
        return xml.getElementText();
      } catch (XMLStreamException e) {
        throw new BdcException("a <field> holds elements");
      }
    }
  }
}
