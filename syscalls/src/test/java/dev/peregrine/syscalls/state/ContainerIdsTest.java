package dev.peregrine.syscalls.state;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ContainerIdsTest {
    private static final String ID = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";
    private final ContainerIds ids = new ContainerIds();

    private String id(String... cgroups) {
        ThreadInfo t = new ThreadInfo(1);
        t.cgroups = cgroups;
        return ids.containerId(t);
    }

    @Test
    void docker_cgroupfsAndSystemd() {
        assertEquals("3ad7b26ded6d", id("cpuset=/docker/" + ID));
        assertEquals("3ad7b26ded6d", id("0::/system.slice/docker-" + ID + ".scope"));
        assertEquals(ContainerIds.Engine.DOCKER, ids.matchPath("/docker/" + ID).engine());
    }

    @Test
    void criO_containerdCri_kubepods() {
        assertEquals("3ad7b26ded6d", id("cpu=/kubepods.slice/kubepods-burstable.slice/crio-" + ID + ".scope"));
        assertEquals("3ad7b26ded6d", id("cpu=/kubepods/besteffort/pod1/cri-containerd-" + ID + ".scope"));
        assertEquals("3ad7b26ded6d", id("cpu=/system.slice/containerd.service/kubepods-pod1.slice:cri-containerd:" + ID));
        assertEquals("3ad7b26ded6d", id("cpu=/kubepods/besteffort/pod0f8f/" + ID));
    }

    @Test
    void podman_libpod() {
        assertEquals("3ad7b26ded6d", id("0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + ID + ".scope/container"));
        assertEquals(ContainerIds.Engine.PODMAN,
                ids.matchPath("/machine.slice/libpod-" + ID + ".scope").engine());
    }

    @Test
    void containerdNamespace_shortIds() {
        assertEquals("mycontainer", id("cpu=/default/mycontainer"));
        assertEquals(ContainerIds.Engine.CONTAINERD, ids.matchPath("/default/mycontainer").engine());
    }

    @Test
    void hostProcesses() {
        assertEquals("host", id("cpuset=/user.slice/user-1000.slice/session-1.scope"));
        assertEquals("host", id("0::/init.scope"));
        assertEquals("host", id());
        assertNull(ids.matchPath("/system.slice/cron.service"));
        // 63 hex characters are no docker id; the containerd layout (/<namespace>/<id up to 64>) takes them
        assertEquals(ContainerIds.Engine.CONTAINERD, ids.matchPath("/docker/" + ID.substring(1)).engine());
    }
}
