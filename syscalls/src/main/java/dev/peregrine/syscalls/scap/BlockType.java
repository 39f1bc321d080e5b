package dev.peregrine.syscalls.scap;

/** Block type codes of the libscap savefile format (libs {@code userspace/libscap/scap_savefile.h}). */
final class BlockType {
    static final int SHB = 0x0A0D0D0A;
    static final int SHB_MAGIC = 0x1A2B3C4D;
    static final int MI = 0x201;
    static final int MI_INT = 0x8002ABCD;
    static final int PL_V1 = 0x202;
    static final int PL_V1_INT = 0x8000ABCD;
    static final int PL_V2 = 0x207;
    static final int PL_V2_INT = 0x8013ABCD;
    static final int PL_V3 = 0x209;
    static final int PL_V3_INT = 0x8014ABCD;
    static final int PL_V4 = 0x210;
    static final int PL_V5 = 0x211;
    static final int PL_V6 = 0x212;
    static final int PL_V7 = 0x213;
    static final int PL_V8 = 0x214;
    static final int PL_V9 = 0x215;
    static final int FDL = 0x203;
    static final int FDL_INT = 0x8001ABCD;
    static final int FDL_V2 = 0x218;
    static final int EV = 0x204;
    static final int EV_INT = 0x8010ABCD;
    static final int EV_V2 = 0x216;
    static final int EV_V2_LARGE = 0x221;
    static final int IL = 0x205;
    static final int IL_INT = 0x8011ABCD;
    static final int IL_V2 = 0x219;
    static final int UL = 0x206;
    static final int UL_INT = 0x8012ABCD;
    static final int UL_V2 = 0x220;
    static final int EVF = 0x208;
    static final int EVF_V2 = 0x217;
    static final int EVF_V2_LARGE = 0x222;

    private BlockType() {
    }

    static boolean isEvent(int t) {
        return t == EV || t == EV_INT || t == EV_V2 || t == EV_V2_LARGE || t == EVF || t == EVF_V2
                || t == EVF_V2_LARGE;
    }

    static boolean isLarge(int t) {
        return t == EV_V2_LARGE || t == EVF_V2_LARGE;
    }

    /** Event blocks written before libscap 0.10 carry headers without {@code nparams}. */
    static boolean isV1Event(int t) {
        return t == EV || t == EV_INT || t == EVF;
    }

    static boolean hasFlags(int t) {
        return t == EVF || t == EVF_V2 || t == EVF_V2_LARGE;
    }

    /** Process list version 1..9 for a block type, or 0 if not a process list. */
    static int procListVersion(int t) {
        switch (t) {
            case PL_V1: case PL_V1_INT: return 1;
            case PL_V2: case PL_V2_INT: return 2;
            case PL_V3: case PL_V3_INT: return 3;
            case PL_V4: return 4;
            case PL_V5: return 5;
            case PL_V6: return 6;
            case PL_V7: return 7;
            case PL_V8: return 8;
            case PL_V9: return 9;
            default: return 0;
        }
    }
}
