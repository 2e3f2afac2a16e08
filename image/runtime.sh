#!/usr/bin/env bash
# Assembles the image's root file system without a Docker engine or a registry: a Java runtime cut by jlink from
# the build machine's JDK 17, the shared libraries it links against (from the build machine), and the few /etc
# files a JVM expects. No shell, no package manager: what is not here cannot be run in the container.
# Usage: image/runtime.sh <output dir>   (called by `mvn -Pimage package` in verticles; JAVA_HOME = the JDK)
set -euo pipefail
out=${1:?output directory}
jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
[[ -d "$jdk/jmods" ]] || { echo "image/runtime.sh: $jdk has no jmods (need a full JDK 17)" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/etc" "$out/tmp" "$out/var/lib/hpf" "$out/opt"

# java.se is what the platform opens modules of; charsets for GBK (bank protocol), localedata for zh_CN,
# jcmd/attach/jfr so an SRE can `kubectl exec ... -- /opt/java/bin/jcmd 1 Thread.print` without a shell.
"$jdk/bin/jlink" --output "$out/opt/java" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --add-modules java.se,jdk.unsupported,jdk.management,jdk.management.agent,jdk.crypto.ec,jdk.charsets,jdk.localedata,jdk.zipfs,jdk.naming.dns,jdk.jfr,jdk.jcmd,jdk.attach,jdk.net

# java.se brings java.desktop (java.beans is used by libraries); its native parts for windows, sound, fonts and
# images are never loaded by a headless server and would pull X11, ALSA and font libraries into the image.
for lib in libawt_xawt.so libsplashscreen.so libjsound.so libfontmanager.so liblcms.so libjavajpeg.so; do
  rm -f "$out/opt/java/lib/$lib"
done

# A distribution JDK may link its trust store to the system's; the image gets the file itself.
cacerts="$out/opt/java/lib/security/cacerts"
if [[ -L "$cacerts" || ! -s "$cacerts" ]]; then
  rm -f "$cacerts"
  cp "$(readlink -f "$jdk/lib/security/cacerts")" "$cacerts"
fi
find "$out/opt/java" -type l | while read -r link; do
  target=$(readlink -f "$link")
  rm "$link"
  cp "$target" "$link"
done

# Every shared library the runtime's executables and libraries need, copied from where the build machine has it.
copy_lib() {
  local path=$1
  [[ -e "$out$path" ]] && return
  mkdir -p "$out$(dirname "$path")"
  cp -L "$path" "$out$path"
}
find "$out/opt/java" -type f \( -perm -u+x -o -name '*.so' \) -print0 | while IFS= read -r -d '' elf; do
  file "$elf" | grep -q 'ELF' || continue
  ldd "$elf" 2>/dev/null | awk '/=> \//{print $3} /^\t\/[^ ]+ \(/{print $1}' | while read -r lib; do
    case "$lib" in "$out"*) ;; *) copy_lib "$lib" ;; esac
  done
done
interp=$(readelf -l "$out/opt/java/bin/java" | sed -n 's/.*interpreter: \(.*\)]/\1/p')
copy_lib "$interp"

cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
hpf:x:10001:10001:HPF platform:/var/lib/hpf:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
hpf:x:10001:
nogroup:x:65534:
GROUP
echo 'hosts: files dns' > "$out/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$out/etc/hosts"
echo "image/runtime.sh: $(du -sh "$out" | cut -f1) in $out ($(find "$out" -name '*.so*' | wc -l) libraries)"
