package dev.meshgate.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads README examples and the test code they must equal, so examples cannot go stale. */
public final class ReadmeSnippets {
  private ReadmeSnippets() {}

  /**
   * Returns the lines of a test class between {@code // README example start} and {@code end},
   * without the method body's four-space indentation.
   *
   * @param testSource the test's path relative to the module
   * @return the example code, one line per line, ending with a newline
   * @throws IOException if the file cannot be read
   */
  public static String example(String testSource) throws IOException {
    List<String> source = Files.readAllLines(Path.of(testSource));
    List<String> example = source.subList(
            source.indexOf("    // README example start") + 1, source.indexOf("    // README example end"))
        .stream().map(line -> line.length() >= 4 ? line.substring(4) : line.strip()).toList();
    return String.join("\n", example) + "\n";
  }

  /**
   * Returns the README's java code block that starts with a line.
   *
   * @param firstLine the block's first line
   * @return the block's code, ending with a newline
   * @throws IOException if the README cannot be read
   */
  public static String readmeBlock(String firstLine) throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    int at = readme.indexOf("```java\n" + firstLine);
    if (at < 0) {
      throw new AssertionError("README has no java block starting with: " + firstLine);
    }
    String block = readme.substring(at + "```java\n".length());
    return block.substring(0, block.indexOf("```"));
  }
}
