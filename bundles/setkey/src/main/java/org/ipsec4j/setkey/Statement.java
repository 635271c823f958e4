package org.ipsec4j.setkey;

import java.net.InetAddress;
import java.util.Optional;
import org.ipsec4j.api.policy.Direction;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.Selector;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;

/** One statement of the setkey(8) language, as the parser makes it. */
public sealed interface Statement {
    /** Where the statement's first token stands. */
    Position position();

    /** {@code add src dst proto spi [extensions] algorithm... ;} */
    record Add(Position position, SecurityAssociation sa) implements Statement {}

    /** {@code update src dst proto spi [extensions] algorithm... ;} */
    record Update(Position position, SecurityAssociation sa) implements Statement {}

    /** {@code get src dst proto spi ;} */
    record Get(Position position, InetAddress source, SaId id) implements Statement {}

    /** {@code delete src dst proto spi ;} */
    record Delete(Position position, InetAddress source, SaId id) implements Statement {}

    /** {@code deleteall src dst proto ;} */
    record DeleteAll(Position position, InetAddress source, InetAddress destination, SaProtocol protocol)
            implements Statement {}

    /** {@code flush [proto] ;} */
    record Flush(Position position, Optional<SaProtocol> protocol) implements Statement {}

    /** {@code dump [proto] ;} */
    record Dump(Position position, Optional<SaProtocol> protocol) implements Statement {}

    /** {@code spdadd src_range dst_range upperspec policy ;} */
    record SpdAdd(Position position, SecurityPolicy policy) implements Statement {}

    /** {@code spdupdate src_range dst_range upperspec policy ;} */
    record SpdUpdate(Position position, SecurityPolicy policy) implements Statement {}

    /** {@code spddelete src_range dst_range upperspec -P direction [policy] ;} */
    record SpdDelete(Position position, Selector selector, Direction direction) implements Statement {}

    /** {@code spdflush ;} */
    record SpdFlush(Position position) implements Statement {}

    /** {@code spddump ;} */
    record SpdDump(Position position) implements Statement {}
}
