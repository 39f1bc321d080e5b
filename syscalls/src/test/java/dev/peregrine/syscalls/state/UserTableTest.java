package dev.peregrine.syscalls.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class UserTableTest {
    @Test
    void hostRoot_passwdAndGroup(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbroken line\nalice:x:1000:1000::/home/alice:/bin/zsh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\nalice:x:1000:\n");
        UserTable t = UserTable.fromHostRoot(root);
        assertEquals("alice", t.user(1000).name());
        assertEquals("/bin/zsh", t.user(1000).shell());
        assertEquals("daemon", t.user(1).name());
        assertEquals("alice", t.group(1000).name());
        assertNull(t.user(4242));
    }

    @Test
    void uid0_isRootWithoutEntry(@TempDir Path root) throws IOException {
        UserTable t = UserTable.fromHostRoot(root);
        assertEquals("root", t.user(0).name());
        assertEquals("root", t.group(0).name());
    }
}
