// The scripts `podscope completion bash|zsh|fish` prints. Each is only glue, as cobra's are for
// kubectl: on Tab it runs `podscope __complete <words so far>` and hands the lines back to the
// shell (candidates, then `:<directive>`, see candidates.ts), so what completes is decided in
// TypeScript, in one place, with tests. Errors of the call are thrown away: a Tab never prints.

export const shells = ['bash', 'zsh', 'fish'] as const;

export type Shell = (typeof shells)[number];

const bash = `# bash completion for podscope                                 -*- shell-script -*-
#
# Load it into this shell:   source <(podscope completion bash)
# Load it in every shell:    podscope completion bash > ~/.local/share/bash-completion/completions/podscope
#                            (or put the first line into ~/.bashrc)
#
# The words are read from COMP_LINE, so --flag=value and names with a colon stay one word
# without the bash-completion package.

__podscope_complete() {
	local line=\${COMP_LINE:0:COMP_POINT}
	local -a words=() args=() lines=()
	local word cur prefix='' cut='' candidate directive=0 at
	read -ra words <<<"$line"
	if [[ \${#words[@]} -eq 0 || $line =~ [[:space:]]$ ]]; then words+=(''); fi
	# The words from podscope on (not \`KUBECONFIG=k podscope\`'s assignment).
	while ((\${#words[@]} > 1)) && [[ \${words[0]##*/} != "\${1##*/}" ]]; do words=("\${words[@]:1}"); done
	for word in "\${words[@]:1}"; do
		# What the shell makes of quotes and a leading ~ before podscope sees the word.
		word=\${word#[\\'\\"]}
		word=\${word%[\\'\\"]}
		[[ $word == '~/'* ]] && word=$HOME/\${word:2}
		args+=("$word")
	done
	cur=\${args[\${#args[@]}-1]}
	mapfile -t lines < <("$1" __complete "\${args[@]}" 2>/dev/null)
	if [[ \${#lines[@]} -gt 0 && \${lines[\${#lines[@]}-1]} == :* ]]; then
		directive=\${lines[\${#lines[@]}-1]:1}
		unset 'lines[\${#lines[@]}-1]'
	fi
	COMPREPLY=()
	((directive & 1)) && return 0
	((directive & 2)) && compopt -o nospace 2>/dev/null
	((directive & 4)) && compopt +o default 2>/dev/null
	# podscope answers --flag=<Tab> with values: put the flag back in front of them.
	[[ $cur == -*=* ]] && prefix=\${cur%%=*}=
	# Readline replaces only what follows the last = or : (COMP_WORDBREAKS) of the word.
	for ((at = \${#cur} - 1; at >= 0; at--)); do
		if [[ \${cur:at:1} == [=:] && $COMP_WORDBREAKS == *"\${cur:at:1}"* ]]; then
			cut=\${cur:0:at+1}
			break
		fi
	done
	for candidate in "\${lines[@]}"; do
		candidate=$prefix\${candidate%%$'\\t'*}
		COMPREPLY+=("\${candidate#"$cut"}")
	done
}

complete -o default -F __podscope_complete podscope
`;

const zsh = `#compdef podscope
# zsh completion for podscope
#
# Load it into this shell:   source <(podscope completion zsh)
# Load it in every shell:    podscope completion zsh > "\${fpath[1]}/_podscope"   (compinit must run)

_podscope() {
	local -a args lines described opts
	local out line value directive=0 cur
	args=("\${(@Q)words[2,CURRENT]}")
	args=("\${(@)args/#\\~\\//$HOME/}")
	cur=\${args[-1]}
	out=$("\${words[1]}" __complete "\${args[@]}" 2>/dev/null)
	lines=("\${(@f)out}")
	if [[ \${lines[-1]} == :* ]]; then
		directive=\${lines[-1]#:}
		lines[-1]=()
	fi
	((directive & 1)) && return 1
	((directive & 2)) && opts+=(-S '')
	# podscope answers --flag=<Tab> with values: the flag stays as it is typed.
	[[ $cur == -*=* ]] && compset -P '*='
	for line in "\${lines[@]}"; do
		[[ -z $line ]] && continue
		value=\${\${line%%$'\\t'*}//:/\\\\:}
		if [[ $line == *$'\\t'* ]]; then described+=("$value:\${line#*$'\\t'}"); else described+=("$value"); fi
	done
	if ((\${#described})); then
		_describe -t podscope podscope described "\${opts[@]}"
		return
	fi
	((directive & 4)) && return 1
	_files
}

if [[ "\${funcstack[1]}" == _podscope ]]; then
	_podscope "$@"
else
	compdef _podscope podscope
fi
`;

const fish = `# fish completion for podscope
#
# Load it into this shell:   podscope completion fish | source
# Load it in every shell:    podscope completion fish > ~/.config/fish/completions/podscope.fish

function __podscope_prepare
	set -g __podscope_results
	set -l tokens (commandline -opc)
	set -l cur (commandline -ct)
	set -l out (command $tokens[1] __complete $tokens[2..-1] $cur 2>/dev/null)
	set -l directive 0
	if test (count $out) -gt 0; and string match -qr '^:[0-9]+$' -- $out[-1]
		set directive (string sub -s 2 -- $out[-1])
		set -e out[-1]
	end
	test (math "bitand($directive, 1)") -ne 0; and return 0
	# podscope answers --flag=<Tab> with values: fish replaces the whole token, flag included.
	set -l prefix ''
	string match -qr -- '^-[^=]*=' $cur; and set prefix (string match -r -- '^-[^=]*=' $cur)
	for line in $out
		set -a __podscope_results $prefix$line
	end
	# Nothing to offer and files allowed: fish's own file completion takes over.
	if test (count $__podscope_results) -eq 0; and test (math "bitand($directive, 4)") -eq 0
		return 1
	end
	return 0
end

complete -c podscope -e
complete -c podscope -f -n __podscope_prepare -a '$__podscope_results'
`;

export function completionScript(shell: Shell): string {
	return {bash, zsh, fish}[shell];
}
