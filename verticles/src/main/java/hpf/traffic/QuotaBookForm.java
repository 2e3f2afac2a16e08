package hpf.traffic;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * How a {@link QuotaBook} travels between members: its maps written field by field as text and numbers, so the
 * cluster's deserialization filter (no JDK collections, see hpf.boot.Cluster) has no collection class to resolve.
 */
final class QuotaBookForm implements Serializable {

  private static final long serialVersionUID = 1L;

  private transient QuotaBook book;

  QuotaBookForm(QuotaBook book) {
    this.book = book;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.writeObject(book.used());
    out.writeInt(book.leases().size());
    for (Map.Entry<String, QuotaBook.Lease> e : book.leases().entrySet()) {
      QuotaBook.Lease l = e.getValue();
      out.writeUTF(e.getKey());
      out.writeLong(l.epoch());
      out.writeLong(l.granted());
      out.writeLong(l.reported());
      out.writeLong(l.expiresAt());
    }
    out.writeInt(book.ended().size());
    for (Map.Entry<String, QuotaBook.Ended> e : book.ended().entrySet()) {
      QuotaBook.Ended x = e.getValue();
      out.writeUTF(e.getKey());
      out.writeLong(x.epoch());
      out.writeLong(x.reported());
      out.writeLong(x.presumed());
      out.writeUTF(x.day());
      out.writeUTF(x.month());
      out.writeLong(x.endedAt());
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    QuotaUsage used = (QuotaUsage) in.readObject();
    Map<String, QuotaBook.Lease> leases = new HashMap<>();
    for (int i = in.readInt(); i > 0; i--) {
      leases.put(in.readUTF(), new QuotaBook.Lease(in.readLong(), in.readLong(), in.readLong(), in.readLong()));
    }
    Map<String, QuotaBook.Ended> ended = new HashMap<>();
    for (int i = in.readInt(); i > 0; i--) {
      ended.put(in.readUTF(), new QuotaBook.Ended(in.readLong(), in.readLong(), in.readLong(), in.readUTF(),
          in.readUTF(), in.readLong()));
    }
    book = new QuotaBook(used, leases, ended);
  }

  private Object readResolve() {
    return book;
  }
}
