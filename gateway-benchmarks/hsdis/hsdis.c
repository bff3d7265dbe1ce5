/*
 * A HotSpot disassembler plugin over Capstone, for JMH's -prof perfasm and -XX:+PrintAssembly
 * on x86-64. HotSpot loads hsdis-amd64.so and calls decode_instructions_virtual() on a range of
 * code; the plugin reports each instruction's start and end through event_callback (HotSpot
 * prints addresses and its own annotations there) and its text through printf_callback.
 *
 * Debian's libhsdis0-fcml installs a plugin that OpenJDK 17 loads but that prints no
 * mnemonics, only bytes; build.sh builds this one against Debian's libcapstone-dev instead.
 */
#include <capstone/capstone.h>
#include <stdint.h>

typedef void* (*event_callback_t)(void* stream, const char* event, void* arg);
typedef int (*printf_callback_t)(void* stream, const char* format, ...);

void* decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va,
                                  unsigned char* buffer, uintptr_t length,
                                  event_callback_t event_callback, void* event_stream,
                                  printf_callback_t printf_callback, void* printf_stream,
                                  const char* options, int newline) {
  (void) options;
  csh handle;
  if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) {
    return NULL;
  }
  cs_insn* insn = cs_malloc(handle);
  const uint8_t* code = buffer;
  size_t size = length;
  uint64_t address = start_va;
  while (address < end_va && size > 0) {
    event_callback(event_stream, "insn", (void*) (uintptr_t) address);
    if (cs_disasm_iter(handle, &code, &size, &address, insn)) {
      printf_callback(printf_stream, "%-8s %s", insn->mnemonic, insn->op_str);
    } else {
      /* Not an instruction Capstone knows: show one byte and go on. */
      printf_callback(printf_stream, ".byte 0x%02x", *code);
      code++;
      size--;
      address++;
    }
    event_callback(event_stream, "/insn", (void*) (uintptr_t) address);
    if (newline) {
      printf_callback(printf_stream, "\n");
    }
  }
  cs_free(insn, 1);
  cs_close(&handle);
  return (void*) (uintptr_t) address;
}
